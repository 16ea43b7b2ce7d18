// The smartcar dashboard: live alerts (server-sent events), the fleet, a car's speed over time, the pipeline's
// counters, lag and health, and lines per file. Everything comes from this instance's JSON endpoints, which ask the
// other instances themselves; nothing is fetched from anywhere else.
(function () {
  'use strict';

  const $ = (selector) => document.querySelector(selector);
  const alerts = new Map(); // "car-windowStart" -> row
  let feed = null;
  let selectedCar = null;
  let threshold = 80;
  let lastTotals = null;
  const rateHistory = { time: [], collected: [], valid: [], rejected: [], setAside: [], alerts: [] };
  const ratesChart = echarts.init($('#rates-chart'));
  const carChart = echarts.init($('#car-chart'));

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function status(text) {
    $('#status').textContent = text || '';
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) {
      const retry = response.headers.get('Retry-After');
      throw new Error(path + ': ' + (body.error || response.status) + (retry ? ' (retry in ' + retry + ' s)' : ''));
    }
    return body;
  }

  // the reply of path, or null after showing why there is none (the next refresh tries again)
  async function answerOf(path) {
    try {
      return await getJson(path);
    } catch (e) {
      status(e.message);
      return null;
    }
  }

  // ---- live alerts
  function alertKey(a) { return a.car_number + '-' + a.window_start; }

  function addAlert(a, live) {
    const key = alertKey(a);
    const old = alerts.get(key);
    if (old) { old.remove(); }
    const row = document.createElement('tr');
    row.dataset.alert = key;
    cell(row, a.window_start);
    cell(row, a.car_number);
    cell(row, a.average_speed.toFixed(2));
    cell(row, a.record_count);
    cell(row, a.max_speed);
    cell(row, a.last_area_number);
    if (live) { row.className = 'new'; }
    $('#alerts tbody').prepend(row);
    alerts.set(key, row);
    while (alerts.size > 300) {
      const [first, firstRow] = alerts.entries().next().value;
      firstRow.remove();
      alerts.delete(first);
    }
  }

  function filterQuery() {
    const params = new URLSearchParams();
    const checks = { day: /^\d{8}$/, car: /^[A-Z]\d{4}$/, area: /^[A-F](0[1-9]|10)$/ };
    for (const name of ['day', 'car', 'area']) {
      const value = $('#filter-' + name).value.trim().toUpperCase();
      if (value) {
        if (!checks[name].test(value)) { throw new Error(name + ' "' + value + '" is not valid'); }
        params.set(name, value);
      }
    }
    return params.toString();
  }

  function connectFeed() {
    let query;
    try {
      query = filterQuery();
      $('#filter-error').textContent = '';
    } catch (e) {
      $('#filter-error').textContent = e.message;
      return;
    }
    if (feed) { feed.close(); }
    alerts.forEach((row) => row.remove());
    alerts.clear();
    let replaying = true;
    feed = new EventSource('/events/alerts' + (query ? '?' + query : ''));
    feed.addEventListener('open', () => {
      $('#feed-state').textContent = 'live';
      setTimeout(() => { replaying = false; }, 500);
    });
    feed.addEventListener('alert', (event) => addAlert(JSON.parse(event.data), !replaying));
    feed.addEventListener('error', () => { $('#feed-state').textContent = 'reconnecting…'; });
  }

  $('#filters').addEventListener('submit', (event) => {
    event.preventDefault();
    connectFeed();
  });

  // ---- fleet and one car
  // The fleet view asks for its fastest cars only: a fleet of 10,000 is about 2 MB of JSON and 10,000 tiles, too much
  // to fetch and draw every 2 s; any other car is one look-up away (the form, or a click on an alert's car).
  const FLEET_TILES = 50;

  async function refreshFleet() {
    const fleet = await answerOf('/fleet?top=' + FLEET_TILES);
    if (!fleet) { return; }
    threshold = fleet.threshold;
    document.querySelectorAll('.threshold').forEach((el) => { el.textContent = threshold; });
    const box = $('#fleet');
    const seen = new Set();
    for (const car of fleet.cars) {
      seen.add(car.car_number);
      let tile = box.querySelector('[data-car="' + car.car_number + '"]');
      if (!tile) {
        tile = document.createElement('div');
        tile.dataset.car = car.car_number;
        tile.innerHTML = '<b></b><span class="avg"></span>';
        tile.addEventListener('click', () => selectCar(car.car_number));
      }
      box.appendChild(tile); // in the reply's order, fastest first (moves a tile already shown)
      tile.className = 'car' + (car.speeding ? ' speeding' : '') + (car.open ? '' : ' closed')
        + (car.car_number === selectedCar ? ' selected' : '');
      tile.title = (car.open ? 'open window from ' : 'last closed window from ') + car.window_start
        + ', ' + car.record_count + ' records, max ' + car.max_speed + ', on ' + car.served_by;
      tile.querySelector('b').textContent = car.car_number;
      tile.querySelector('.avg').textContent = car.average_speed.toFixed(1);
    }
    box.querySelectorAll('.car').forEach((tile) => { if (!seen.has(tile.dataset.car)) { tile.remove(); } });
    const missing = fleet.instances.filter((i) => i.error).map((i) => i.server + ': ' + i.error);
    $('#fleet-note').textContent = (fleet.more ? 'the ' + fleet.cars.length + ' fastest of ' : '')
      + fleet.cars_total + ' cars, ' + fleet.speeding_total + ' above ' + threshold + ' km/h, on '
      + fleet.instances.length + ' instance(s)' + (missing.length ? ' — incomplete: ' + missing.join('; ') : '');
  }

  $('#car-find').addEventListener('submit', (event) => {
    event.preventDefault();
    const car = $('#find-car').value.trim().toUpperCase();
    const ok = /^[A-Z][0-9]{4}$/.test(car);
    $('#find-error').textContent = ok ? '' : 'a letter and 4 digits, e.g. N0036';
    if (ok) { selectCar(car); }
  });

  function selectCar(car) {
    selectedCar = car;
    document.querySelectorAll('.car').forEach((t) => t.classList.toggle('selected', t.dataset.car === car));
    refreshCar();
  }

  async function refreshCar() {
    if (!selectedCar) { return; }
    const car = await answerOf('/cars/' + selectedCar);
    if (!car) { return; }
    if ($('#car-detail').hidden) {
      $('#car-detail').hidden = false;
      carChart.resize(); // drawn at 0 px wide while hidden
    }
    $('#car-number').textContent = car.car_number;
    $('#car-partition').textContent = car.partition;
    $('#car-served-by').textContent = car.served_by;
    $('#car-clock').textContent = car.clock || '-';
    const open = car.open_window;
    $('#car-average').textContent = open ? open.average_speed.toFixed(2) : '-';
    $('#car-count').textContent = open ? open.record_count : '-';
    $('#car-max').textContent = open ? open.max_speed : '-';
    $('#car-window').textContent = open ? '(' + open.window_start + '–' + open.window_end + ')' : '(none open)';
    const windows = car.closed_windows.map((w) => [w.window_start, w.average_speed, w.alert])
      .concat(car.open_windows.map((w) => [w.window_start, w.average_speed, false]));
    carChart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 10, top: 24, bottom: 24 },
      xAxis: { type: 'category', data: windows.map((w) => w[0].substring(8)) },
      yAxis: { type: 'value', name: 'km/h' },
      series: [{
        type: 'bar', name: 'average', data: windows.map((w) => ({
          value: w[1], itemStyle: { color: w[1] > threshold ? '#e0533d' : '#4c9a2a' } })),
        markLine: { symbol: 'none', data: [{ yAxis: threshold }], lineStyle: { color: '#e0533d', type: 'dashed' } },
      }],
    }, true);
    $('#car-alerts').textContent = car.alerts.length
      ? 'alerts: ' + car.alerts.map((a) => a.window_start + ' (' + a.average_speed.toFixed(1) + ')').join(', ')
      : 'no recent alert';
  }

  // ---- pipeline, lag, health, files
  function sum(map) { return Object.values(map || {}).reduce((a, b) => a + b, 0); }

  function totalsOf(t) {
    const linesIn = sum(t.lines_in);
    return {
      lines_in: linesIn,
      valid: linesIn - (t.rejected_total || 0),
      rejected_total: t.rejected_total || 0,
      windowed_records: t.windowed_records || 0,
      set_aside_total: t.set_aside_total || 0,
      held_records: t.held_records || 0,
      windows_closed: t.windows_closed || 0,
      alerts: t.alerts || 0,
      redis_written: t.redis_written || 0,
      redis_pending: t.redis_pending || 0,
    };
  }

  function reasons(map) {
    const entries = Object.entries(map || {});
    return entries.length ? entries.map(([k, v]) => k + ' ' + v).join(', ') : 'none';
  }

  async function refreshPipeline() {
    const p = await answerOf('/pipeline');
    if (!p) { return; }
    status(p.complete ? '' : 'some instances did not answer');
    const me = p.instances[0];
    $('#served-by').textContent = me.server;
    $('#state').textContent = me.state;
    const now = Date.now();
    const totals = totalsOf(p.total);
    for (const [key, value] of Object.entries(totals)) {
      const td = document.querySelector('td[data-metric="' + key + '"]');
      if (td) { td.textContent = value; }
    }
    if (lastTotals) {
      const seconds = Math.max(0.001, (now - lastTotals.at) / 1000);
      const rate = (key) => Math.max(0, (totals[key] - lastTotals.totals[key]) / seconds);
      document.querySelectorAll('td[data-rate]').forEach((td) => { td.textContent = rate(td.dataset.rate).toFixed(1); });
      rateHistory.time.push(new Date(now).toLocaleTimeString());
      rateHistory.collected.push(rate('lines_in').toFixed(1));
      rateHistory.valid.push(rate('valid').toFixed(1));
      rateHistory.rejected.push(rate('rejected_total').toFixed(1));
      rateHistory.setAside.push(rate('set_aside_total').toFixed(1));
      rateHistory.alerts.push(rate('alerts').toFixed(1));
      for (const series of Object.values(rateHistory)) { while (series.length > 120) { series.shift(); } }
      drawRates();
    }
    lastTotals = { at: now, totals: totals };
    $('#rejected-reasons').textContent = reasons(p.total.rejected_by_reason);
    $('#setaside-reasons').textContent = reasons(p.total.set_aside_by_reason);

    const health = $('#health');
    health.textContent = '';
    for (const [name, h] of Object.entries(p.health || {})) {
      const li = document.createElement('li');
      li.dataset.component = name;
      li.className = h.status === 'up' ? 'up' : 'down';
      li.textContent = name + ': ' + h.status + ' — ' + h.detail;
      health.appendChild(li);
    }
    const instances = $('#instances');
    instances.textContent = '';
    for (const i of p.instances) {
      const li = document.createElement('li');
      li.className = i.error ? 'down' : (i.state === 'RUNNING' ? 'up' : 'down');
      li.textContent = 'streams app ' + i.server + ': ' + (i.error || i.state);
      instances.appendChild(li);
    }
    const lag = $('#lag tbody');
    lag.textContent = '';
    for (const [group, g] of Object.entries(p.lag || {})) {
      const row = document.createElement('tr');
      cell(row, group);
      cell(row, g.error ? 'unknown' : g.total);
      cell(row, g.error ? g.error : reasons(g.topics));
      lag.appendChild(row);
    }
    const files = $('#files tbody');
    files.textContent = '';
    for (const [file, f] of Object.entries(p.files || {})) {
      const row = document.createElement('tr');
      row.dataset.file = file;
      cell(row, file);
      cell(row, f.lines_read).dataset.count = 'lines_read';
      cell(row, f.valid).dataset.count = 'valid';
      cell(row, f.rejected).dataset.count = 'rejected';
      cell(row, f.lines_read === f.valid + f.rejected ? '✓' : '≠');
      files.appendChild(row);
    }
  }

  function drawRates() {
    const line = (name, data) => ({ name: name, type: 'line', showSymbol: false, data: data });
    ratesChart.setOption({
      animation: false,
      title: { text: 'lines per second', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0 },
      grid: { left: 40, right: 10, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: rateHistory.time },
      yAxis: { type: 'value' },
      series: [line('collected', rateHistory.collected), line('valid', rateHistory.valid),
        line('rejected', rateHistory.rejected), line('set aside', rateHistory.setAside), line('alerts', rateHistory.alerts)],
    });
  }

  window.addEventListener('resize', () => { ratesChart.resize(); carChart.resize(); });

  connectFeed();
  refreshFleet();
  refreshPipeline();
  setInterval(refreshFleet, 2000);
  setInterval(refreshPipeline, 1000);
  setInterval(refreshCar, 2000);
})();
