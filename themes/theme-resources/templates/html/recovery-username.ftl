<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("recoveryUsernameMailIntro", realmName)}</p>
<p>${msg("recoveryUsernameMailLogin")} <strong id="recovery-username">${username}</strong></p>
<#if resetLink??>
<p>${msg("recoveryUsernameMailReset")}</p>
<p><a href="${resetLink}" rel="noreferrer">${msg("recoveryUsernameMailResetLink")}</a></p>
<p>${msg("recoveryUsernameMailResetExpiry", resetLinkMinutes)}</p>
<#else>
<p><a href="${signInLink}" rel="noreferrer">${msg("recoveryUsernameMailSignIn")}</a></p>
</#if>
<p>${msg("recoveryUsernameMailIgnore")}</p>
</@layout.emailLayout>
