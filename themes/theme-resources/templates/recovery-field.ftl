<#-- A text field of a recovery page: field.ftl's group, with the error message tied to the input (aria-describedby)
     so that a screen reader reads it with the field. <#import "recovery-field.ftl" as recoveryField> -->
<#import "field.ftl" as field>
<#macro input name label value="" autocomplete="off" autofocus=false numeric=(autocomplete == "one-time-code")>
  <#local error=messagesPerField.get(name)>
  <@field.group name=name label=label error=error>
    <span class="${properties.kcInputClass} <#if error?has_content>${properties.kcError}</#if>">
      <input id="${name}" name="${name}" value="${value}" type="text" autocomplete="${autocomplete}" <#if autofocus>autofocus</#if>
             <#if numeric>inputmode="numeric"</#if>
             <#if error?has_content>aria-invalid="true" aria-describedby="input-error-${name}"</#if>/>
      <@field.errorIcon error=error/>
    </span>
  </@field.group>
</#macro>
