<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "recovery-field.ftl" as recoveryField>
<#import "buttons.ftl" as buttons>
<#import "recovery-captcha.ftl" as captchaField>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('username','captchaAnswer'); section>
    <#if section = "header">
        ${msg("emailForgotTitle")}
    <#elseif section = "form">
        <form id="kc-reset-password-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#-- the default button: Enter in the field asks for the email link, as before the captcha's "new picture" button came first -->
            <button type="submit" name="method" value="email" hidden tabindex="-1" aria-hidden="true"></button>
            <#-- focus: the first field, or the captcha when only its answer was wrong -->
            <@recoveryField.input name="username" label=msg("recoveryPhoneIdentifierLabel") value=recoveryIdentifier!'' autocomplete="username"
                    autofocus=(messagesPerField.existsError('username') || !messagesPerField.existsError('captchaAnswer')) />
            <@captchaField.widget/>

            <@buttons.actionGroup>
                <@buttons.button id="recovery-by-email" name="method" value="email" label="recoveryPhoneByEmail"/>
                <@buttons.button id="recovery-by-sms" name="method" value="sms" type="secondary" label="recoveryPhoneBySms"/>
                <@buttons.buttonLink href=url.loginUrl label="backToLogin" class=["kcButtonLinkClass", "kcButtonBlockClass"]/>
                <@buttons.buttonLink id="recovery-contact-admin" href=contactsUrl label="recoveryPhoneContactAdmin" class=["kcButtonLinkClass", "kcButtonBlockClass"]/>
            </@buttons.actionGroup>
        </form>
    <#elseif section = "info" >
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryPhoneChooseInfo")}</span>
    </#if>
</@layout.registrationLayout>
