// The /ops page: polls GET /api/v1/admin/ops/snapshot every second and turns the difference of two
// cumulative snapshots into rates, percentiles and ratios (as Prometheus does with the same counters).
// Charts are plain SVG polylines over the last POINTS samples; no library, no build step.
(function () {
  'use strict';
  var POINTS = 120, PERIOD_MS = 1000;
  var COLORS = ['#2f6fde', '#e8710a', '#1e8e3e', '#d93025', '#9334e6', '#12b5cb', '#e52592', '#7cb342', '#795548', '#607d8b'];
  var token = null, previous = null, timer = null;
  var series = {rate: {}, latency: {}, errors: {}, cache: {}, pool: {}, shedding: {}, scans: {}, views: {}};

  function $(id) { return document.getElementById(id); }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    $('login-error').textContent = '';
    fetch('/api/v1/auth/login', {
      method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({email: $('email').value, password: $('password').value})
    }).then(function (r) {
      if (!r.ok) { throw new Error(r.status === 401 ? 'Wrong email or password' : 'Sign-in failed (' + r.status + ')'); }
      return r.json();
    }).then(function (t) {
      token = t.accessToken;
      $('login').hidden = true;
      $('dashboard').hidden = false;
      poll();
      timer = setInterval(poll, PERIOD_MS);
    }).catch(function (err) { $('login-error').textContent = err.message; });
  });

  function poll() {
    fetch('/api/v1/admin/ops/snapshot', {headers: {'Authorization': 'Bearer ' + token}})
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          clearInterval(timer);
          throw new Error(r.status === 403 ? 'this account is not an ADMIN' : 'session expired, reload to sign in');
        }
        if (!r.ok) { throw new Error('snapshot failed (' + r.status + ')'); }
        return r.json();
      })
      .then(function (snap) {
        if (previous) { update(previous, snap); }
        previous = snap;
        $('status').textContent = 'live · ' + new Date(snap.at).toISOString().substring(11, 19) + ' UTC';
        slowTable(snap.slowStatements);
      })
      .catch(function (err) { $('status').textContent = err.message; });
  }

  function push(group, name, value) {
    var s = series[group][name] || (series[group][name] = []);
    s.push(isFinite(value) ? value : 0);
    if (s.length > POINTS) { s.shift(); }
  }

  function update(a, b) {
    var seconds = Math.max(0.001, (Date.parse(b.at) - Date.parse(a.at)) / 1000);
    var before = {};
    a.requests.forEach(function (g) { before[g.group] = g; });
    var total = 0, errors = 0, merged = {};
    b.requests.forEach(function (g) {
      var p = before[g.group] || {count: 0, errors: 0, buckets: []};
      var count = Math.max(0, g.count - p.count);
      push('rate', g.group, count / seconds);
      total += count;
      errors += Math.max(0, g.errors - p.errors);
      var prev = {};
      p.buckets.forEach(function (x) { prev[x.le] = x.count; });
      g.buckets.forEach(function (x) { merged[x.le] = (merged[x.le] || 0) + Math.max(0, x.count - (prev[x.le] || 0)); });
    });
    var bounds = Object.keys(merged).map(Number).sort(function (x, y) { return x - y; });
    [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]].forEach(function (q) { push('latency', q[0], quantile(bounds, merged, total, q[1]) * 1000); });
    push('errors', '5xx', total > 0 ? errors / total : 0);
    var lookups = {}, hits = {};
    function key(c) { return c.cache + ' ' + c.tier; }
    var prevCache = {};
    a.cache.forEach(function (c) { prevCache[key(c) + ' ' + c.result] = c.count; });
    b.cache.forEach(function (c) {
      var d = Math.max(0, c.count - (prevCache[key(c) + ' ' + c.result] || 0));
      lookups[key(c)] = (lookups[key(c)] || 0) + d;
      if (c.result === 'hit') { hits[key(c)] = (hits[key(c)] || 0) + d; }
    });
    // a cache and tier joins the chart with its first lookups; an idle interval repeats its last ratio
    Object.keys(lookups).forEach(function (k) {
      var s = series.cache[k];
      if (lookups[k] > 0) {
        push('cache', k, (hits[k] || 0) / lookups[k]);
      } else if (s && s.length) {
        push('cache', k, s[s.length - 1]);
      }
    });
    push('pool', 'active', b.pool.active);
    push('pool', 'pending', b.pool.pending);
    push('pool', 'max', b.pool.max);
    push('shedding', 'in flight', b.shedding.inFlight);
    push('shedding', 'queued', b.shedding.queued);
    push('shedding', 'limit', b.shedding.limit);
    push('shedding', 'shed/s', Math.max(0, b.shedding.shed - a.shedding.shed) / seconds);
    // scans per second by outcome, summed over sources (single scans, batch lines, links): what Grafana plots
    var scansBefore = {}, scanRates = {};
    (a.scans || []).forEach(function (c) { scansBefore[c.source + ' ' + c.outcome] = c.count; });
    (b.scans || []).forEach(function (c) {
      var d = Math.max(0, c.count - (scansBefore[c.source + ' ' + c.outcome] || 0));
      scanRates[c.outcome] = (scanRates[c.outcome] || 0) + d / seconds;
    });
    Object.keys(scanRates).forEach(function (outcome) { push('scans', outcome, scanRates[outcome]); });
    (b.views || []).forEach(function (v) { if (v.ageSeconds !== null) { push('views', v.view, v.ageSeconds); } });
    draw('rate', 'req/s'); draw('latency', 'ms'); draw('errors', 'share'); draw('cache', 'ratio'); draw('pool', 'connections');
    draw('shedding', 'requests'); draw('scans', 'scans/s'); draw('views', 's');
  }

  // Upper bound of the bucket where the q-th request falls (what histogram_quantile approximates).
  function quantile(bounds, counts, total, q) {
    if (total === 0 || bounds.length === 0) { return 0; }
    var rank = q * total;
    for (var i = 0; i < bounds.length; i++) {
      if (counts[bounds[i]] >= rank) { return bounds[i]; }
    }
    return bounds[bounds.length - 1];
  }

  function draw(group, unit) {
    var svg = $('chart-' + group), legend = $('legend-' + group);
    var names = Object.keys(series[group]).sort();
    var width = svg.clientWidth || 460, height = svg.clientHeight || 180, pad = 28;
    var max = 0;
    names.forEach(function (n) { series[group][n].forEach(function (v) { max = Math.max(max, v); }); });
    var peak = max;
    max = max > 0 ? max * 1.1 : 1;
    var ns = 'http://www.w3.org/2000/svg';
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 4); label.setAttribute('y', 12);
    label.textContent = format(max) + ' ' + unit;
    svg.appendChild(label);
    var drawn = 0;
    legend.innerHTML = '';
    names.forEach(function (n, i) {
      var values = series[group][n];
      var color = COLORS[i % COLORS.length];
      var points = values.map(function (v, j) {
        var x = pad + (width - pad - 4) * (POINTS - values.length + j) / (POINTS - 1);
        var y = height - 4 - (height - 20) * v / max;
        return x.toFixed(1) + ',' + y.toFixed(1);
      });
      var line = document.createElementNS(ns, 'polyline');
      line.setAttribute('points', points.join(' '));
      line.setAttribute('stroke', color);
      line.setAttribute('data-name', n);
      svg.appendChild(line);
      if (values.length > 0) { drawn++; }
      var item = document.createElement('li');
      var swatch = document.createElement('i');
      swatch.style.background = color; // CSSOM, which the page's Content-Security-Policy allows (inline style does not)
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(n + ' ' + format(values[values.length - 1])));
      legend.appendChild(item);
    });
    svg.setAttribute('data-series', String(drawn));
    svg.setAttribute('data-samples', String(names.length ? series[group][names[0]].length : 0));
    svg.setAttribute('data-peak', String(peak));
  }

  function format(v) {
    if (v === undefined) { return ''; }
    return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3);
  }

  function slowTable(rows) {
    var body = $('slow').tBodies[0];
    body.innerHTML = '';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      [r.at.substring(11, 19), r.endpoint, String(r.millis), r.sql].forEach(function (text, i) {
        var td = document.createElement('td');
        td.textContent = text;
        if (i === 3) { td.className = 'sql'; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!rows.length) {
      var tr = document.createElement('tr'), td = document.createElement('td');
      td.colSpan = 4; td.textContent = 'none since start';
      tr.appendChild(td); body.appendChild(tr);
    }
  }
})();
