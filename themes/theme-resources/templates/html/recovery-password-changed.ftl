<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("recoveryPhonePasswordChangedIntro", realmName)}</p>
<p>${msg("recoveryPhonePasswordChangedWarning")}</p>
</@layout.emailLayout>
