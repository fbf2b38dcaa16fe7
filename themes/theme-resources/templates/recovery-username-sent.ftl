<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true; section>
    <#if section = "header">
        ${msg("recovery.username.sentTitle")}
    <#elseif section = "form">
        <div id="kc-recovery-username-sent">
            <p class="instruction">
                <#if offerPhone && phoneOnly>${msg("recoveryUsernameSentBothByPhone")}<#elseif offerPhone>${msg("recovery.username.sentBoth")}<#else>${msg("recovery.username.sent")}</#if>
            </p>
        </div>
        <#if offerPhone>
            <form id="kc-recovery-username-phone-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <#if !phoneOnly><p class="${properties.kcLoginMainFooterHelperText!}">${msg("recovery.username.noEmailAccess")}</p></#if>
                <@buttons.actionGroup>
                    <@buttons.button id="kc-recovery-reset-by-phone" name="resetByPhone" type="secondary" label="recovery.username.resetByPhone"/>
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
            ${msg("recovery.username.sentInfo")}
            <a id="kc-recovery-contacts" href="${contactsUrl}">${msg("recovery.chooser.contactsLink")}</a>
        </span>
    </#if>
</@layout.registrationLayout>
