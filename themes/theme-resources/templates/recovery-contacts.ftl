<#-- The public "contact your administrator" page. Every value is printed with ${...}, which escapes HTML. -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#macro contactList items listId>
    <ul id="${listId}" class="recovery-contacts pf-v5-c-data-list" role="list" style="list-style: none; padding-left: 0; margin-left: 0;">
        <#list items as c>
            <li class="recovery-contact pf-v5-c-data-list__item">
                <div class="pf-v5-c-data-list__item-content" style="padding: 0.75rem 1rem; display: block;">
                    <div class="recovery-contact-name"><strong>${c.name}</strong><#if c.role??> &middot; <span class="recovery-contact-role">${c.role}</span></#if></div>
                    <#if c.email??><div class="recovery-contact-email">${msg("email")}: <a href="mailto:${c.email}">${c.email}</a></div></#if>
                    <#if c.phone??><div class="recovery-contact-phone">${msg("recoveryContactsPhone")}: <a href="tel:${c.phone}" dir="ltr">${c.phoneText}</a></div></#if>
                    <#if c.hours??><div class="recovery-contact-hours">${msg("recoveryContactsHours")}: ${c.hours}</div></#if>
                    <#if c.note??><div class="recovery-contact-note" style="white-space: pre-line;">${c.note}</div></#if>
                </div>
            </li>
        </#list>
    </ul>
</#macro>
<@layout.registrationLayout displayInfo=false; section>
    <#if section = "header">
        ${msg("recoveryContactsTitle")}
    <#elseif section = "form">
        <div id="recovery-contacts-page" class="pf-v5-c-content">
            <p id="recovery-contacts-intro">${msg("recoveryContactsIntro")}</p>
            <#if contacts?has_content>
                <@contactList items=contacts listId="recovery-contacts-general"/>
            <#elseif !organizations?has_content && !groups?has_content>
                <p id="recovery-contacts-none">${msg("recoveryContactsNone")}</p>
            </#if>

            <#if organizations?has_content || groups?has_content>
                <form id="recovery-contacts-choose" class="${properties.kcFormClass!}" action="${contactsUrl}" method="get">
                    <#if organizations?has_content>
                        <div class="${properties.kcFormGroupClass!}">
                            <label for="recovery-org" class="pf-v5-c-form__label">${msg("recoveryContactsOrganization")}</label>
                            <select id="recovery-org" name="org" class="pf-v5-c-form-control">
                                <option value="">${msg("recoveryContactsChoose")}</option>
                                <#list organizations as o>
                                    <option value="${o.alias}"<#if o.selected == "true"> selected</#if>>${o.name}</option>
                                </#list>
                            </select>
                        </div>
                    </#if>
                    <#if groups?has_content>
                        <div class="${properties.kcFormGroupClass!}">
                            <label for="recovery-group" class="pf-v5-c-form__label">${msg("recoveryContactsGroup")}</label>
                            <select id="recovery-group" name="group" class="pf-v5-c-form-control">
                                <option value="">${msg("recoveryContactsChoose")}</option>
                                <#list groups as g>
                                    <option value="${g.path}"<#if g.selected == "true"> selected</#if>>${g.name}</option>
                                </#list>
                            </select>
                        </div>
                    </#if>
                    <@buttons.actionGroup>
                        <@buttons.button id="recovery-contacts-show" label="recoveryContactsShow" type="secondary"/>
                    </@buttons.actionGroup>
                </form>
                <#if organizationContacts?has_content>
                    <@contactList items=organizationContacts listId="recovery-contacts-organization"/>
                </#if>
                <#if groupContacts?has_content>
                    <@contactList items=groupContacts listId="recovery-contacts-group"/>
                </#if>
            </#if>

            <@buttons.actionGroup>
                <@buttons.buttonLink href=loginUrl label="backToLogin" id="recovery-contacts-back"/>
            </@buttons.actionGroup>
        </div>
    </#if>
</@layout.registrationLayout>
