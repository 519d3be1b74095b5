// Default English prose for a medical-image-analysis service. Written for Tessera; `{{…}}` variables are
// filled at render time (see template.ts), so numbers always match the settings the service runs on.

import type { ProseSection } from '../model.js'

export const EN_SECTIONS: readonly ProseSection[] = [
  {
    id: 'overview',
    title: 'About this policy',
    body: `This privacy policy covers {{tenant.name}}, an online service run by {{tenant.legalName}} that analyses medical images with artificial intelligence. It sets out in plain words which personal data the service handles, why, for how long, and what you can ask of us. The service is built to behave exactly as this text describes. You can find the service at {{tenant.website}}; general questions can go to {{tenant.email}}.

Where the law calls for your agreement, we ask for it before we collect anything. We follow the Korean Personal Information Protection Act and, for people in the European Union, the General Data Protection Regulation (GDPR).`,
  },
  {
    id: 'collection',
    title: 'Personal data we collect',
    body: `To open an account we ask for your first and last name, the company you work for, your nationality and your e-mail address.

To analyse an image you upload **medical images**. Because images are health data, we handle them only after you have given a separate, explicit consent, and identifying details are removed from them before they are stored.

While you use the service, our systems note your **IP address** and keep **service usage records** (what was done and when). You do not type these in; they arise as the service runs. The complete list follows.`,
  },
  {
    id: 'use',
    title: 'How we use it',
    body: `We use personal data for the purposes in the table below and for no other. For each one the table gives the legal basis we rely on and says whether it depends on your consent.

Image analysis is a choice of its own: we ask for it separately, never bundled with signing up or with newsletters, and you can take it back whenever you like. Newsletters, news about products and services and event invitations reach you only if you opted in and then confirmed that choice from your inbox.`,
  },
  {
    id: 'retention',
    title: 'How long we keep it and how we destroy it',
    body: `We hold personal data only while the purpose it was collected for still needs it, or for as long as a law requires, and we destroy it promptly once that time is over.

- Account details (name, company, nationality, e-mail) and usage records: until you close your account.
- Medical images, together with everything produced from them such as analysis results: deleted no later than {{settings.imageRetentionHours}} hours after upload.
{{#if settings.dormancyEnabled}}- Accounts with no activity for {{settings.dormancyDays}} days: we e-mail you 30 days ahead; the data then moves to a separate store that nothing else uses and is destroyed {{settings.dormantDestroyYears}} years later, unless you sign in again before then.
{{/if}}- Statistics anonymised so that they point to no one: may be kept to run and improve the service.

## How data is destroyed

- Electronic files are erased so that they cannot be restored; encrypted copies become unreadable because their keys are destroyed.
- Paper records are shredded or incinerated.`,
  },
  {
    id: 'provision',
    title: 'Sharing with third parties and outsourcing',
    body: `We do not pass personal data to other companies or people, and no outside company processes it for us. The only exception is a duty imposed by law: if a statute obliges us to submit particular data, we submit that data and nothing beyond it.`,
  },
  {
    id: 'safety',
    title: 'How we keep it safe',
    body: `We protect personal data on three fronts: how our work is organised, the technology we run, and the places where data is kept.`,
  },
  {
    id: 'rights',
    title: 'Your rights and how to use them',
    body: `Your personal data stays under your control. The list below shows what you can ask of us at any time.

You can make a request in the privacy center on our site, by e-mail to {{officer.email}}, or by letter to {{tenant.legalName}}, marked for the attention of the privacy officer. We reply within {{settings.privacyRequestDeadlineDays}} days of receiving it. If we cannot do what you ask, we explain why and tell you how to bring a complaint to a supervisory authority.

While a correction or deletion you asked for is still open, we leave the data concerned untouched: no analysis, no newsletters and no statistics.`,
  },
  {
    id: 'officer',
    title: 'Privacy officer',
    body: `Questions, complaints and requests for redress about the way we handle personal data go to our privacy officer, {{officer.name}} ({{officer.department}}), who will deal with them. You can reach the officer directly:`,
  },
  {
    id: 'cookies',
    title: 'Cookies',
    body: `### What a cookie is

A cookie is a small text file that a website asks your browser to keep, so that the site can recognise the same browser when it comes back.

## Why we use them

A few cookies are needed for the service to work at all, for instance to keep you signed in. Others remember your choices, measure how the service is used, or support marketing. Apart from the necessary ones, none is stored until you agree.

## How to refuse them

- Open **Cookie settings**, linked at the foot of every page, and switch each optional category on or off. Saying no is as easy as saying yes, and you can change your answer at any time.
- Your browser can also block or clear cookies. Most browsers keep this option in their settings under privacy or site data (for example *Privacy and security* in Chrome, Edge and Firefox, or *Privacy* in Safari). If you block the necessary cookies too, signing in stops working.`,
  },
  {
    id: 'changes',
    title: 'Changes to this policy',
    body: `We may revise this policy when the law or the service changes. Each new version is posted on this page before it applies and takes effect no sooner than {{settings.minorNoticeDays}} days after posting.

When a change matters for your rights, in particular when we begin to collect different data or to use it for different purposes, it takes effect no sooner than {{settings.significantNoticeDays}} days after posting, and every member receives an e-mail when it is posted. If a purpose that rests on your consent changes, we ask for your consent again and wait for your answer before processing for that purpose.

The top of this page shows the version number and the date it takes effect.`,
  },
  {
    id: 'eu',
    title: 'Additional information for people in the European Union',
    body: `If you are in the European Union, the GDPR and the law of your member state apply on top of the rest of this policy.

## Legal bases

Your data is processed solely for the purposes this policy sets out. Each purpose rests on one of these bases, shown next to it in the purposes table:

- your consent;
- performing our contract with you;
- meeting a legal obligation;
- protecting your vital interests or those of someone else;
- our legitimate interests, except where your interests or fundamental rights and freedoms outweigh them.

Medical images are data concerning health, so we process them only with your explicit consent (GDPR Article 9(2)(a)).

## Further rights

- **Portability:** you can receive the data you gave us in a structured, machine-readable format (JSON) and take it to another service.
- **Objection:** you can object to processing based on our legitimate interests, and to direct marketing at any time.
- **Complaint:** you can lodge a complaint with a data protection supervisory authority, especially in the member state where you live or work or where you believe the infringement took place.

We answer requests within one month. For complex requests we may take up to two more months; if so, we tell you within the first month and give our reasons.`,
  },
]
