<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('account'); section>
    <#if section = "header">
        ${msg("recoveryChooseAccountTitle")}
    <#elseif section = "form">
        <form id="recovery-choose-account-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!}" role="radiogroup" aria-label="${msg("recoveryChooseAccountTitle")}">
                <#list recoveryAccounts as account>
                    <div class="pf-v5-c-radio">
                        <input class="pf-v5-c-radio__input" type="radio" id="recovery-account-${account?index}" name="account"
                               value="${account}" <#if account?is_first>checked</#if>/>
                        <label class="pf-v5-c-radio__label" for="recovery-account-${account?index}">${account}</label>
                    </div>
                </#list>
                <#if messagesPerField.existsError('account')>
                    <span id="input-error-account" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
                        ${kcSanitize(messagesPerField.get('account'))?no_esc}
                    </span>
                </#if>
            </div>
            <@buttons.actionGroup>
                <@buttons.button id="recovery-choose-account-submit" label="doContinue"/>
                <@buttons.buttonLink id="recovery-contact-admin" href=contactsUrl label="recoveryPhoneContactAdmin" class=["kcButtonLinkClass", "kcButtonBlockClass"]/>
            </@buttons.actionGroup>
        </form>
    <#elseif section = "info" >
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryChooseAccountInfo")}</span>
    </#if>
</@layout.registrationLayout>
