<#import "template.ftl" as layout>
<#import "recovery-field.ftl" as recoveryField>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
    <#if section = "header">
        ${msg("recoveryPhoneCodeTitle")}
    <#elseif section = "form">
        <#if !attemptsUsedUp>
        <form id="recovery-sms-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#-- the page's one hedge: nothing on it may tell whether a code really went out -->
            <p id="recovery-code-sent-to" class="pf-v5-c-content" <#if codeResent>role="status"</#if>>
                ${msg(codeResent?then("recoveryPhoneCodeIntroResent", "recoveryPhoneCodeIntro"))} <strong class="recovery-masked-number" dir="ltr" style="white-space: nowrap">${maskedPhone!''}</strong>
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
        </#if>
        <#-- the ways out: correct the digits, a new recovery (where the email link can be chosen), the contacts, the login -->
        <form id="recovery-other-ways-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <#if attemptsUsedUp>
                    <@buttons.button id="recovery-restart" name="restart" value="true" label="recoveryPhoneStartAgain"/>
                <#elseif digitsAsked>
                    <@buttons.button id="recovery-change-digits" name="changeDigits" value="true" type="link" label="recoveryPhoneChangeDigits"/>
                </#if>
                <@buttons.button id="recovery-use-email" name="useEmail" value="true" type="link" label="recoveryPhoneUseEmail"/>
                <@buttons.buttonLink id="recovery-contact-admin" href=contactsUrl label="recoveryPhoneContactAdmin" class=["kcButtonLinkClass", "kcButtonBlockClass"]/>
                <@buttons.buttonLink id="recovery-back-to-login" href=url.loginUrl label="backToLogin" class=["kcButtonLinkClass", "kcButtonBlockClass"]/>
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
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg(attemptsUsedUp?then("recoveryPhoneAttemptsUsedUpInfo", "recoveryPhoneCodeInfo"))}</span>
    </#if>
</@layout.registrationLayout>
