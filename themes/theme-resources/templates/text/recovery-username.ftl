<#ftl output_format="plainText">
${msg("recovery.username.mailIntro", realmName)}

${msg("recovery.username.mailLogin")} ${username}

<#if resetLink??>
${msg("recovery.username.mailReset")}
${resetLink}

${msg("recovery.username.mailResetExpiry", resetLinkMinutes)}
<#else>
${msg("recovery.username.mailSignIn")}: ${signInLink}
</#if>

${msg("recovery.username.mailIgnore")}
