<#ftl output_format="plainText">
${msg("recoveryUsernameMailIntro", realmName)}

${msg("recoveryUsernameMailLogin")} ${username}

<#if resetLink??>
${msg("recoveryUsernameMailReset")}
${resetLink}

${msg("recoveryUsernameMailResetExpiry", resetLinkMinutes)}
<#else>
${msg("recoveryUsernameMailSignIn")}: ${signInLink}
</#if>

${msg("recoveryUsernameMailIgnore")}
