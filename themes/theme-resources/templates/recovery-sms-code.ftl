<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "recovery-field.ftl" as recoveryField>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
    <#if section = "header">
        ${msg("recoveryPhoneCodeTitle")}
    <#elseif section = "form">
        <form id="recovery-sms-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="recovery-code-sent-to" class="pf-v5-c-content">
                ${msg("recoveryPhoneCodeIntro")} <strong class="recovery-masked-number" dir="ltr" style="white-space: nowrap">${maskedPhone!''}</strong>
            </p>
            <@recoveryField.input name="code" label=msg("recoveryPhoneCodeLabel") autocomplete="one-time-code" autofocus=true />

            <@buttons.actionGroup>
                <@buttons.button id="recovery-code-submit" label="doSubmit"/>
            </@buttons.actionGroup>
            <@buttons.actionGroup>
                <#if resendSeconds gt 0>
                    <@buttons.button id="recovery-resend" name="resend" value="true" type="secondary" label="recoveryPhoneResend" disabled="disabled"/>
                    <p id="recovery-resend-wait" data-seconds="${resendSeconds?c}" aria-live="polite" class="${properties.kcInputHelperTextItemTextClass!}">${msg("recoveryPhoneResendIn", resendSeconds?c)}</p>
                <#else>
                    <@buttons.button id="recovery-resend" name="resend" value="true" type="secondary" label="recoveryPhoneResend"/>
                </#if>
            </@buttons.actionGroup>
        </form>
        <form id="recovery-use-email-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="recovery-use-email" name="useEmail" value="true" type="link" label="recoveryPhoneUseEmail"/>
                <a id="recovery-contact-admin" href="${contactsUrl}" class="${properties.kcButtonLinkClass!} ${properties.kcButtonBlockClass!}">${msg("recoveryPhoneContactAdmin")}</a>
            </@buttons.actionGroup>
        </form>
        <script>
            <#outputformat "JavaScript">
            (function () {
                var button = document.getElementById("recovery-resend");
                var wait = document.getElementById("recovery-resend-wait");
                if (!button || !wait) { return; }
                var left = parseInt(wait.getAttribute("data-seconds"), 10);
                var template = ${msg("recoveryPhoneResendIn", "{0}")?c};
                var timer = setInterval(function () {
                    left -= 1;
                    if (left <= 0) {
                        clearInterval(timer);
                        button.disabled = false;
                        wait.parentNode.removeChild(wait);
                    } else {
                        wait.textContent = template.replace("{0}", left);
                    }
                }, 1000);
            })();
            </#outputformat>
        </script>
    <#elseif section = "info" >
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryPhoneCodeInfo")}</span>
    </#if>
</@layout.registrationLayout>
