// Pay and consent pages: submit a start form marked data-auto at once (redirect_sca), and follow
// the status on the outcome page (body data-status-url, polled until "done").
(function () {
  var body = document.body;
  var form = document.getElementById('start-form');
  if (form && form.dataset.auto === 'true') {
    form.submit();
    return;
  }
  if (body.dataset.mode !== 'status' || body.dataset.done === 'true') {
    return;
  }
  var text = document.getElementById('status-text');
  var progress = document.getElementById('progress');
  var next = document.getElementById('continue');
  var polls = 0;
  function poll() {
    polls++;
    fetch(body.dataset.statusUrl, { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s) {
          text.textContent = s.text;
          if (s.done) {
            progress.hidden = true;
            if (s.continue_url) {
              next.href = s.continue_url;
              next.hidden = false;
            }
            return;
          }
        }
        // every 2 s for 10 minutes, then every 15 s
        setTimeout(poll, polls < 300 ? 2000 : 15000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
