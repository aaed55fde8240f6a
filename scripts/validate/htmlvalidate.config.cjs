// html-validate configuration for scripts/validate-site: the recommended
// rules, with these changes and why.
module.exports = {
  extends: ["html-validate:recommended"],
  rules: {
    // A page title is the curator's article or entity title plus the site
    // title; its length is content, not markup, and a long one is only
    // shortened by search engines, never wrong.
    "long-title": "off",
    // Lists are nameable under WAI-ARIA 1.2 (role=list allows aria-label);
    // the tag list of an article is named "Tags" so a screen reader says
    // what the list is. Other elements still may not take aria-label.
    "aria-label-misuse": ["error", { allowAnyNamable: true }],
  },
};
