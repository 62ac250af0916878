// plotly.js with only the trace types the dashboard draws (scatter comes with core), and the
// French locale (modebar, hover and date formats) that French pages select with config.locale.
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/choropleth'),
                 require('plotly.js/lib/locales/fr')]);
module.exports = Plotly;
