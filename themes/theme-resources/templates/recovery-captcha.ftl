<#-- The captcha of a recovery form: <#import "recovery-captcha.ftl" as captchaField> ... <@captchaField.widget/> inside the form.
     Renders nothing when the sub-flow has no enabled recovery-captcha execution (no "captcha" attribute). -->
<#import "field.ftl" as field>
<#macro widget>
  <#if captcha??>
    <#assign captchaError=messagesPerField.get('captchaAnswer')>
    <#if captcha.mode == "altcha">
      <#-- proof-of-work, solved by the browser when the form is sent: nothing to see or type; the status line
           tells what happens, and an error asks to send again (the page then carries a fresh challenge) -->
      <div class="${properties.kcFormGroupClass}" id="kc-recovery-captcha">
        <altcha-widget name="${captcha.field}" challenge="${captcha.challenge}" auto="onsubmit" display="invisible"></altcha-widget>
        <p id="kc-recovery-captcha-status" class="${properties.kcLoginMainFooterHelperText!}" role="status" aria-live="polite"
           data-verifying="${msg('recoveryCaptchaPowVerifying')}" data-verified="${msg('recoveryCaptchaPowVerified')}"
           data-error="${msg('recoveryCaptchaPowFailed')}" data-expired="${msg('recoveryCaptchaPowFailed')}"></p>
        <noscript><p>${msg("recoveryCaptchaPowNoScript")}</p></noscript>
        <div id="input-error-container-captchaAnswer">
          <#if captchaError?has_content>
            <div class="${properties.kcFormHelperTextClass}" aria-live="polite">
              <div class="${properties.kcInputHelperTextClass}">
                <div class="${properties.kcInputHelperTextItemClass} ${properties.kcError}" id="input-error-captchaAnswer">
                  <span class="${properties.kcInputErrorMessageClass}">${msg("recoveryCaptchaPowError")}</span>
                </div>
              </div>
            </div>
          </#if>
        </div>
      </div>
      <script type="module" src="${url.resourcesPath}/altcha/altcha.min.js"></script>
      <script type="module" src="${url.resourcesPath}/recovery/captcha-status.js"></script>
    <#elseif captcha.mode == "image">
      <@field.group name="captchaAnswer" label=msg("recoveryCaptchaLabel") error=captchaError required=true>
        <div class="kc-recovery-captcha">
          <img id="kc-recovery-captcha-image" src="${captcha.image}" width="${captcha.width?c}" height="${captcha.height?c}"
               alt="${msg('recoveryCaptchaAlt')}" style="display:block;border-radius:4px;margin-bottom:8px"/>
          <span class="${properties.kcInputClass} <#if captchaError?has_content>${properties.kcError}</#if>">
            <input id="captchaAnswer" name="captchaAnswer" type="text" inputmode="numeric" autocomplete="off" value=""
                   aria-invalid="<#if captchaError?has_content>true</#if>" <#if captchaError?has_content>autofocus</#if>
                   aria-describedby="kc-recovery-captcha-hint<#if captchaError?has_content> input-error-captchaAnswer</#if>"/>
          </span>
          <#-- hint and button each on a line of their own: on a narrow screen the button never trails a wrapped hint -->
          <span id="kc-recovery-captcha-hint" class="${properties.kcLoginMainFooterHelperText!}" style="display:block">${msg("recoveryCaptchaHint")}</span>
          <button id="kc-recovery-captcha-refresh" class="${properties.kcButtonLinkClass}" type="submit" name="captchaRefresh"
                  value="true" formnovalidate style="padding-inline:0;white-space:nowrap">${msg("recoveryCaptchaRefresh")}</button>
        </div>
      </@field.group>
    <#else>
      <@field.group name="captchaAnswer" label=msg("recoveryCaptchaWidgetLabel") error=captchaError>
        <div class="${captcha.widgetClass}" data-sitekey="${captcha.siteKey}"></div>
      </@field.group>
    </#if>
  </#if>
</#macro>
