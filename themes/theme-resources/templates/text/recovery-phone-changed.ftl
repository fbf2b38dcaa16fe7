<#ftl output_format="plainText">
${msg("recoveryPhoneChangedIntro", realmName, maskedPhone)}

${msg("recoveryPhonePasswordChangedWarning")}
