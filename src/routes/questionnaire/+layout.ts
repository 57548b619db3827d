// The questionnaire's pages are forms that work fully without JavaScript: they ship none
// (ADR 046). Lighthouse mobile scored its hydrated steps 66–96; hydration cost more than what
// it added (posts without a page load, the error summary's focus: the browser's autofocus now).
export const csr = false;
