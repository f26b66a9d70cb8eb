// Loaded after require.js and before the vendored widget bundle (docs/conf.py).
(function () {
  // The bundle's widget modules find their Font Awesome fonts (button icons) beside their
  // own require.js address: make that _static/widgets/, on every page of the site.
  window.requirejs.config({ baseUrl: new URL(".", document.currentScript.src).href });

  // ipywidgets typesets widget text with MathJax 2's MathJax.Hub.Queue; the site serves
  // MathJax 3. Route those calls to MathJax 3's typesetPromise once MathJax is ready.
  const hub = {
    Queue(job) {
      const element = job[job.length - 1];
      const mathjax = window.MathJax;
      if (mathjax && mathjax.startup && mathjax.startup.promise) {
        mathjax.startup.promise.then(() => mathjax.typesetPromise([element]));
      }
    },
  };
  const config = (window.MathJax = window.MathJax || {});
  config.Hub = hub; // until MathJax 3 loads and replaces the global object
  const startup = (config.startup = config.startup || {});
  startup.ready = function () {
    window.MathJax.Hub = hub;
    window.MathJax.startup.defaultReady();
  };
})();
