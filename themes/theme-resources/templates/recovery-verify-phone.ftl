<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "recovery-field.ftl" as recoveryField>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('phoneNumber','code'); section>
    <#if section = "header">
        ${msg("recoveryPhoneVerifyTitle")}
    <#elseif section = "form">
        <form id="recovery-verify-phone-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#if pendingPhone??>
                <p id="recovery-code-sent-to" class="pf-v5-c-content">
                    ${msg("recoveryPhoneVerifyCodeIntro")} <strong class="recovery-masked-number" dir="ltr" style="white-space: nowrap">${pendingPhone}</strong>
                </p>
                <@recoveryField.input name="code" label=msg("recoveryPhoneCodeLabel") autocomplete="one-time-code" autofocus=true />
                <@buttons.actionGroup>
                    <@buttons.button id="recovery-code-submit" label="doSubmit"/>
                </@buttons.actionGroup>
                <@buttons.actionGroup>
                    <#if resendSeconds gt 0>
                        <@buttons.button id="recovery-resend" name="resend" value="true" type="secondary" label="recoveryPhoneResend" disabled="disabled"/>
                        <p id="recovery-resend-wait" aria-live="polite" class="${properties.kcInputHelperTextItemTextClass!}">${msg("recoveryPhoneResendIn", resendSeconds?c)}</p>
                    <#else>
                        <@buttons.button id="recovery-resend" name="resend" value="true" type="secondary" label="recoveryPhoneResend"/>
                    </#if>
                    <@buttons.button id="recovery-change-number" name="changeNumber" value="true" type="link" label="recoveryPhoneVerifyChangeNumber"/>
                </@buttons.actionGroup>
            <#else>
                <@recoveryField.input name="phoneNumber" label=msg("recoveryPhoneVerifyNumberLabel") value=currentPhone autocomplete="tel" autofocus=true />
                <@buttons.actionGroup>
                    <@buttons.button id="recovery-verify-send" label="recoveryPhoneVerifySend"/>
                    <#if isAppInitiatedAction??>
                        <@buttons.button id="kc-cancel" name="cancel-aia" value="true" label="doCancel" type="secondary"/>
                    </#if>
                </@buttons.actionGroup>
            </#if>
        </form>
    <#elseif section = "info" >
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryPhoneVerifyInfo")}</span>
    </#if>
</@layout.registrationLayout>
