<#ftl output_format="plainText">
${msg("recoveryPhonePasswordChangedIntro", realmName)}

${msg("recoveryPhonePasswordChangedWarning")}
