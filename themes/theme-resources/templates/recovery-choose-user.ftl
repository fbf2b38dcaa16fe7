<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('username'); section>
    <#if section = "header">
        ${msg("emailForgotTitle")}
    <#elseif section = "form">
        <form id="kc-reset-password-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="username" label=msg("recoveryPhoneIdentifierLabel") value=recoveryIdentifier!'' autocomplete="username" autofocus=true />

            <@buttons.actionGroup>
                <@buttons.button id="recovery-by-email" name="method" value="email" label="recoveryPhoneByEmail"/>
                <@buttons.button id="recovery-by-sms" name="method" value="sms" type="secondary" label="recoveryPhoneBySms"/>
                <@buttons.buttonLink href=url.loginUrl label="backToLogin" class=["kcButtonLinkClass", "kcButtonBlockClass"]/>
            </@buttons.actionGroup>
        </form>
    <#elseif section = "info" >
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryPhoneChooseInfo")}</span>
    </#if>
</@layout.registrationLayout>
