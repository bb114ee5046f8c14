// GOV.UK Frontend's styles for pages with JavaScript; a file of its own because the pages allow no inline script
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
