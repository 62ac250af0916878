/* The explorer table's cells (dash-ag-grid): the cited page as a link that opens in a new tab,
   and numbers with the page language's separators (the browser's Intl, which follows CLDR as
   the server's Babel does). Text is passed as text: nothing in a cell is parsed as HTML. */
(function () {
  "use strict";
  var formats = {};
  var functions = window.dashAgGridFunctions = window.dashAgGridFunctions || {};
  functions.formatNumber = function (value, locale) {
    if (value === null || value === undefined || value === "") { return ""; }
    if (!formats[locale]) { formats[locale] = new Intl.NumberFormat(locale); }
    return formats[locale].format(value);
  };
  var components = window.dashAgGridComponentFunctions =
    window.dashAgGridComponentFunctions || {};
  components.SourceLink = function (props) {
    var row = props.data || {};
    var url = typeof row.source_url === "string" ? row.source_url : "";
    var text = props.value || "";
    var mark = row.source_mark || "";
    if (!/^https?:\/\//.test(url)) { return text + mark; }
    var link = React.createElement("a", {href: url, target: "_blank",
                                         rel: "noopener noreferrer"}, text);
    return React.createElement(React.Fragment, null, link, mark);
  };
}());
