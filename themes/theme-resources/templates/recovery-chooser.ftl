<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "social-providers.ftl" as identityProviders>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('recoveryOption'); section>
    <#if section = "header">
        ${msg("recoveryChooserTitle")}
    <#elseif section = "form">
        <form id="kc-recovery-chooser-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.group name="recoveryOption" label=msg("recoveryChooserQuestion") error=kcSanitize(messagesPerField.get('recoveryOption'))?no_esc>
                <div role="radiogroup" aria-label="${msg("recoveryChooserQuestion")}">
                <#list ["password", "username", "both"] as option>
                    <div class="pf-v5-c-radio">
                        <input class="pf-v5-c-radio__input" type="radio" id="recoveryOption-${option}" name="recoveryOption"
                               value="${option}" <#if (recoveryOption!'password') == option>checked autofocus</#if>
                               <#if messagesPerField.existsError('recoveryOption')>aria-invalid="true" aria-describedby="input-error-recoveryOption"</#if>/>
                        <label class="pf-v5-c-radio__label" for="recoveryOption-${option}">${msg("recoveryChooserOption" + option?cap_first)}</label>
                        <span class="pf-v5-c-radio__description">${msg("recoveryChooserOption" + option?cap_first + "Hint")}</span>
                    </div>
                </#list>
                </div>
            </@field.group>

            <@buttons.actionGroup>
                <@buttons.button id="kc-recovery-chooser-continue" label="doContinue"/>
                <@buttons.buttonLink href=url.loginUrl label="backToLogin"/>
            </@buttons.actionGroup>
        </form>
    <#elseif section = "socialProviders">
        <#if social?? && social.providers?? && social.providers?has_content>
            <p id="kc-recovery-social-hint" class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryChooserSocial")}</p>
            <@identityProviders.show social=social/>
        </#if>
    <#elseif section = "info">
        <span class="${properties.kcLoginMainFooterHelperText!}">
            ${msg("recoveryChooserContactsHint")}
            <a id="kc-recovery-contacts" href="${contactsUrl}">${msg("recoveryChooserContactsLink")}</a>
        </span>
    </#if>
</@layout.registrationLayout>
