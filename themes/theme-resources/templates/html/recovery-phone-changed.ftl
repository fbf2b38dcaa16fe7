<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("recoveryPhoneChangedIntro", realmName, maskedPhone)}</p>
<p>${msg("recoveryPhonePasswordChangedWarning")}</p>
</@layout.emailLayout>
