<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true; section>
    <#if section = "header">
        ${msg("recoveryUsernameSentTitle")}
    <#elseif section = "form">
        <div id="kc-recovery-username-sent">
            <p class="instruction">
                <#if offerPhone && phoneOnly>${msg("recoveryUsernameSentBothByPhone")}<#elseif offerPhone>${msg("recoveryUsernameSentBoth")}<#else>${msg("recoveryUsernameSent")}</#if>
            </p>
        </div>
        <#if offerPhone>
            <form id="kc-recovery-username-phone-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <#if !phoneOnly><p class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryUsernameNoEmailAccess")}</p></#if>
                <@buttons.actionGroup>
                    <@buttons.button id="kc-recovery-reset-by-phone" name="resetByPhone" type="secondary" label="recoveryUsernameResetByPhone"/>
                    <@buttons.buttonLink href=url.loginUrl label="backToLogin"/>
                </@buttons.actionGroup>
            </form>
        <#else>
            <@buttons.actionGroup>
                <@buttons.buttonLink id="kc-recovery-back" href=url.loginUrl label="backToLogin"/>
            </@buttons.actionGroup>
        </#if>
    <#elseif section = "info">
        <span class="${properties.kcLoginMainFooterHelperText!}">
            ${msg("recoveryUsernameSentInfo")}
            <a id="kc-recovery-contacts" href="${contactsUrl}">${msg("recoveryChooserContactsLink")}</a>
        </span>
    </#if>
</@layout.registrationLayout>
