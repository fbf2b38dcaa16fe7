<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "recovery-captcha.ftl" as captchaField>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('email','phone','birthdate','captchaAnswer'); section>
    <#if section = "header">
        <#if recoveryOption == "both">${msg("recoveryUsernameTitleBoth")}<#else>${msg("recoveryUsernameTitle")}</#if>
    <#elseif section = "form">
        <form id="kc-recovery-username-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#-- Enter in a field submits the form, not the "new picture" button further down -->
            <button type="submit" hidden tabindex="-1" aria-hidden="true"></button>
            <p class="${properties.kcLoginMainFooterHelperText!}">${msg("recoveryUsernameIntro")}</p>
            <#-- focus: the first field with an error, else the first field -->
            <#assign focusField=["email", "phone", "birthdate", "captchaAnswer"]?filter(n -> messagesPerField.existsError(n))?first!"email">
            <#list [["email", "email", "email"], ["phone", "tel", "tel"]] as f>
              <#assign fieldError=messagesPerField.get(f[0])>
              <@field.group name=f[0] label=msg("recoveryUsername" + f[0]?cap_first) error=fieldError>
                <span class="${properties.kcInputClass} <#if fieldError?has_content>${properties.kcError}</#if>">
                  <input id="${f[0]}" name="${f[0]}" type="${f[1]}" autocomplete="${f[2]}" value="${(recoveryForm[f[0]])!''}"
                         <#if focusField == f[0]>autofocus</#if> aria-invalid="<#if fieldError?has_content>true</#if>"
                         <#if fieldError?has_content>aria-describedby="input-error-${f[0]}"</#if>/>
                </span>
              </@field.group>
            </#list>
            <#assign dateError=messagesPerField.get('birthdate')>
            <@field.group name="birthdate" label=msg("recoveryUsernameBirthdate") error=dateError required=true>
                <span class="${properties.kcInputClass} <#if dateError?has_content>${properties.kcError}</#if>">
                  <input id="birthdate" name="birthdate" type="date" min="1900-01-01" max="${today}" autocomplete="bday"
                         value="${(recoveryForm.birthdate)!''}" aria-invalid="<#if dateError?has_content>true</#if>"
                         <#if focusField == "birthdate">autofocus</#if> <#if dateError?has_content>aria-describedby="input-error-birthdate"</#if>/>
                </span>
            </@field.group>

            <@captchaField.widget/>

            <@buttons.actionGroup>
                <@buttons.button id="kc-recovery-username-submit" label="doSubmit"/>
                <@buttons.buttonLink href=url.loginUrl label="backToLogin"/>
            </@buttons.actionGroup>
        </form>
    <#elseif section = "info">
        <span class="${properties.kcLoginMainFooterHelperText!}">
            ${msg("recoveryUsernameInfo")}
            <a id="kc-recovery-contacts" href="${contactsUrl}">${msg("recoveryChooserContactsLink")}</a>
        </span>
    </#if>
</@layout.registrationLayout>
