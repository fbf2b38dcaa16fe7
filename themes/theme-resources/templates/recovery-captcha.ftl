<#-- The captcha of a recovery form: <#import "recovery-captcha.ftl" as captchaField> ... <@captchaField.widget/> inside the form.
     Renders nothing when the sub-flow has no enabled recovery-captcha execution (no "captcha" attribute). -->
<#import "field.ftl" as field>
<#macro widget>
  <#if captcha??>
    <#assign captchaError=messagesPerField.get('captchaAnswer')>
    <#if captcha.mode == "image">
      <@field.group name="captchaAnswer" label=msg("recovery.captcha.label") error=captchaError required=true>
        <div class="kc-recovery-captcha">
          <img id="kc-recovery-captcha-image" src="${captcha.image}" width="${captcha.width?c}" height="${captcha.height?c}"
               alt="${msg('recovery.captcha.alt')}" style="display:block;border-radius:4px;margin-bottom:8px"/>
          <span class="${properties.kcInputClass} <#if captchaError?has_content>${properties.kcError}</#if>">
            <input id="captchaAnswer" name="captchaAnswer" type="text" inputmode="numeric" autocomplete="off" value=""
                   aria-invalid="<#if captchaError?has_content>true</#if>" <#if captchaError?has_content>autofocus</#if>
                   aria-describedby="kc-recovery-captcha-hint<#if captchaError?has_content> input-error-captchaAnswer</#if>"/>
          </span>
          <span id="kc-recovery-captcha-hint" class="${properties.kcLoginMainFooterHelperText!}">${msg("recovery.captcha.hint")}</span>
          <button id="kc-recovery-captcha-refresh" class="${properties.kcButtonLinkClass}" type="submit" name="captchaRefresh"
                  value="true" formnovalidate>${msg("recovery.captcha.refresh")}</button>
        </div>
      </@field.group>
    <#else>
      <@field.group name="captchaAnswer" label=msg("recovery.captcha.widgetLabel") error=captchaError>
        <div class="${captcha.widgetClass}" data-sitekey="${captcha.siteKey}"></div>
      </@field.group>
    </#if>
  </#if>
</#macro>
