<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("recovery.username.mailIntro", realmName)}</p>
<p>${msg("recovery.username.mailLogin")} <strong id="recovery-username">${username}</strong></p>
<#if resetLink??>
<p>${msg("recovery.username.mailReset")}</p>
<p><a href="${resetLink}" rel="noreferrer">${msg("recovery.username.mailResetLink")}</a></p>
<p>${msg("recovery.username.mailResetExpiry", resetLinkMinutes)}</p>
<#else>
<p><a href="${signInLink}" rel="noreferrer">${msg("recovery.username.mailSignIn")}</a></p>
</#if>
<p>${msg("recovery.username.mailIgnore")}</p>
</@layout.emailLayout>
