<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "recovery-field.ftl" as recoveryField>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('phoneDigits'); section>
    <#if section = "header">
        ${msg("recoveryPhoneDigitsTitle")}
    <#elseif section = "form">
        <form id="recovery-phone-digits-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="recovery-masked-phone" class="pf-v5-c-content">
                ${msg("recoveryPhoneDigitsIntro")} <strong class="recovery-masked-number" dir="ltr" style="white-space: nowrap">${maskedPhone}</strong>
            </p>
            <@recoveryField.input name="phoneDigits" label=msg("recoveryPhoneDigitsLabel", hiddenDigitCount) autocomplete="off" autofocus=true numeric=true />

            <@buttons.actionGroup>
                <@buttons.button id="recovery-digits-submit" label="doContinue"/>
                <@buttons.buttonLink href=url.loginUrl label="backToLogin"/>
                <@buttons.buttonLink id="recovery-contact-admin" href=contactsUrl label="recoveryPhoneContactAdmin" class=["kcButtonLinkClass", "kcButtonBlockClass"]/>
            </@buttons.actionGroup>
        </form>
    <#elseif section = "info" >
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryPhoneDigitsInfo")}</span>
    </#if>
</@layout.registrationLayout>
