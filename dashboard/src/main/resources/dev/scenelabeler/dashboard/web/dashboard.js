// scene-labeler live dashboard: plain JS and canvas, no libraries, nothing fetched from outside.
// The server pushes three kinds of events on /events:
//   snapshot  all metrics with the full chart history (first thing after connecting)
//   tick      all metrics with the chart points of the last seconds (once a second)
//   view      one camera's latest mask (class-index PNG + palette) and the frame it labels
// Class shares arrive as objects keyed by class name and are only ever looked up by name: a stats
// record lists its classes in whatever order its writer chose.
'use strict';

(function () {
  let historySeconds = 300; // the server says how much it keeps
  const TICK_TIMEOUT_MS = 4000; // no tick for this long: the server is gone even if the socket is not
  const COMPACT_ABOVE = 4; // more cameras than this: picture tiles with key numbers, details on focus
  const UNKNOWN_CLASS_COLOUR = '#9aa4b1'; // a class the label set does not name: neutral, never dropped

  const cameras = new Map(); // camera id -> card state
  const disabledClasses = new Set(); // class names hidden in the overlay
  let focused = null; // camera id shown alone, with every camera listed beside it
  let legendKey = '';
  let legendNames = []; // class names and colours of the top legend, from the latest mask
  let legendPalette = [];
  let opacity = 0.55;
  let lastTickAt = 0;
  let connected = false;

  // Exposed for people poking at the page and for the browser test: what was drawn, and when; and
  // the tick renderer, so a test can show extreme values through the page's own code.
  const hook = (window.sceneDashboard = { draws: [], ticks: 0, cameras, applyTick: (t) => applyTick(t, false), focus: (id) => focus(id) });

  const $ = (id) => document.getElementById(id);
  const grid = $('grid');

  // ---------- controls ----------

  $('opacity').addEventListener('input', (e) => {
    opacity = Number(e.target.value) / 100;
    $('opacity-value').textContent = e.target.value + '%';
    for (const cam of cameras.values()) cam.maskCanvas.style.opacity = String(opacity);
  });

  function buildLegend(classNames, palette) {
    const key = classNames.join('|') + palette.join('|');
    if (key === legendKey) return;
    legendKey = key;
    legendNames = classNames;
    legendPalette = palette;
    const legend = $('legend');
    legend.replaceChildren();
    classNames.forEach((name, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.classIndex = String(index);
      button.dataset.class = name;
      button.title = 'show or hide ' + name + ' in the overlay';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = palette[index];
      button.append(swatch, document.createTextNode(name));
      button.classList.toggle('off', disabledClasses.has(name));
      button.addEventListener('click', () => {
        if (disabledClasses.has(name)) disabledClasses.delete(name);
        else disabledClasses.add(name);
        button.classList.toggle('off', disabledClasses.has(name));
        for (const cam of cameras.values()) paintMask(cam);
      });
      legend.append(button);
    });
  }

  // ---------- cards ----------

  function cardFor(id) {
    let cam = cameras.get(id);
    if (cam) return cam;
    const node = $('card-template').content.firstElementChild.cloneNode(true);
    node.dataset.camera = id;
    node.querySelector('.camera-name').textContent = id;
    node.querySelector('.camera-name').addEventListener('click', () => focus(focused === id ? null : id));
    node.querySelector('.stage').addEventListener('click', () => focus(focused === id ? null : id));
    $('empty').hidden = true;
    grid.append(node);
    cam = {
      id,
      node,
      frameCanvas: node.querySelector('.frame-layer'),
      maskCanvas: node.querySelector('.mask-layer'),
      chart: node.querySelector('.chart'),
      classes: null, // Uint8Array of class indices of the shown mask
      maskWidth: 0,
      maskHeight: 0,
      palette: [],
      classNames: [],
      points: new Map(), // epoch second -> {class name: share}
      row: null, // its row in the camera list
      decoding: false,
      pendingView: null,
      metrics: null,
    };
    cam.maskCanvas.style.opacity = String(opacity);
    cameras.set(id, cam);
    cam.row = cameraRow(id);
    applyLayoutMode();
    return cam;
  }

  // ---------- many cameras: grid, compact tiles, focus ----------

  function cameraRow(id) {
    const row = document.createElement('tr');
    row.dataset.camera = id;
    row.title = 'focus on ' + id;
    for (const cls of ['l-name', 'l-status', 'l-fps', 'l-p99', 'l-skip', 'l-dead']) {
      const cell = document.createElement('td');
      cell.className = cls;
      cell.textContent = '–';
      row.append(cell);
    }
    row.querySelector('.l-name').textContent = id;
    row.addEventListener('click', () => focus(id));
    $('camera-rows').append(row);
    return row;
  }

  function focus(id) {
    focused = id && cameras.has(id) ? id : null;
    applyLayoutMode();
  }

  // One camera focused: its full card, and every camera's key numbers in the list beside it. Else
  // all cameras in the grid; above COMPACT_ABOVE as picture tiles with their key numbers.
  function applyLayoutMode() {
    const compact = !focused && cameras.size > COMPACT_ABOVE;
    grid.classList.toggle('compact', compact);
    grid.classList.toggle('focused', !!focused);
    for (const cam of cameras.values()) {
      cam.node.hidden = !!focused && cam.id !== focused;
      cam.row.classList.toggle('current', cam.id === focused);
    }
    $('camera-list').hidden = !focused;
    document.body.dataset.layout = focused ? 'focus' : compact ? 'compact' : 'grid';
    layoutGrid();
    for (const cam of cameras.values()) if (cam.metrics) renderChart(cam, Date.now());
  }
  $('show-all').addEventListener('click', () => focus(null));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') focus(null);
  });

  // Picks the number of columns that shows every camera's picture largest on this screen,
  // estimating each card's picture box the way the style sheet lays it out.
  let pictureAspect = 4 / 3;
  function layoutGrid() {
    const n = Math.max(1, focused ? 1 : cameras.size);
    const compact = grid.classList.contains('compact');
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const width = grid.clientWidth - 2.4 * rem;
    const height = grid.clientHeight - 2 * rem;
    let best = { columns: 1, scale: -1 };
    for (let columns = 1; columns <= n; columns++) {
      const rows = Math.ceil(n / columns);
      const cellWidth = (width - (columns - 1) * rem) / columns - 1.8 * rem;
      const cellHeight = (height - (rows - 1) * rem) / rows - 4.5 * rem; // minus padding and title
      const wide = !compact && cellWidth >= 44 * rem;
      const boxWidth = wide ? cellWidth * 0.6 : cellWidth;
      // Narrow full card: numbers and chart below the picture; a compact tile has none.
      const boxHeight = wide || compact ? cellHeight : cellHeight - 19 * rem;
      const scale = Math.min(boxWidth / pictureAspect, boxHeight);
      if (scale > best.scale * 1.02) best = { columns, scale };
    }
    grid.style.setProperty('--columns', String(best.columns));
    grid.style.setProperty('--rows', String(Math.ceil(n / best.columns)));
    grid.style.setProperty('--row-min', compact ? '8rem' : '20rem');
  }
  window.addEventListener('resize', layoutGrid);

  // ---------- views: frame + mask ----------

  function base64Blob(data, type) {
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type });
  }

  // The mask PNG is 8-bit greyscale with the class index as the grey value. Decoding without
  // colour conversion gives the exact bytes back; the red channel is the class index.
  async function decodeClasses(view) {
    const bitmap = await createImageBitmap(base64Blob(view.maskPng, 'image/png'), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const classes = new Uint8Array(bitmap.width * bitmap.height);
    for (let i = 0; i < classes.length; i++) classes[i] = rgba[i * 4];
    bitmap.close();
    return classes;
  }

  // Views can come faster than a slow screen decodes them. One decode per camera runs at a
  // time; views that arrive meanwhile replace each other, and the newest is drawn next. So
  // every decode ends on screen and the picture never freezes behind a stream of newer views.
  function onView(view) {
    const cam = cardFor(view.camera);
    cam.palette = view.palette;
    cam.classNames = view.classNames;
    buildLegend(view.classNames, view.palette);
    if (cam.decoding) {
      cam.pendingView = view;
      return;
    }
    showView(cam, view);
  }

  async function showView(cam, view) {
    cam.decoding = true;
    try {
      const [classes, frame] = await Promise.all([
        decodeClasses(view),
        view.frame ? createImageBitmap(base64Blob(view.frame.data, view.frame.mime)) : null,
      ]);
      drawView(cam, view, classes, frame);
    } catch (err) {
      console.error('could not draw view of ' + view.camera + ' #' + view.sequence, err);
    } finally {
      cam.decoding = false;
      const next = cam.pendingView;
      cam.pendingView = null;
      if (next) showView(cam, next);
    }
  }

  function drawView(cam, view, classes, frame) {
    cam.classes = classes;
    cam.maskWidth = view.width;
    cam.maskHeight = view.height;
    if (Math.abs(pictureAspect - view.width / view.height) > 0.01) {
      pictureAspect = view.width / view.height;
      layoutGrid();
    }
    const fc = cam.frameCanvas;
    const note = cam.node.querySelector('.stage-note');
    if (frame) {
      fc.width = frame.width;
      fc.height = frame.height;
      fc.getContext('2d').drawImage(frame, 0, 0);
      frame.close();
      note.classList.remove('shown');
    } else {
      // Never show a mask over another frame's picture: wait for its own frame instead.
      fc.getContext('2d').clearRect(0, 0, fc.width, fc.height);
      note.textContent = 'frame #' + view.sequence + ' not received';
      note.classList.add('shown');
    }
    paintMask(cam);
    cam.node.querySelector('.card-sub').textContent = '#' + view.sequence + ' · ' + view.width + '×' + view.height;

    requestAnimationFrame(() => {
      const shownAtMs = performance.timeOrigin + performance.now();
      hook.draws.push({
        camera: view.camera,
        sequence: view.sequence,
        recordTimestampMs: view.recordTimestampMs,
        withFrame: !!frame,
        shownAtMs,
      });
      if (hook.draws.length > 1000) hook.draws.splice(0, hook.draws.length - 1000);
    });
  }

  function paintMask(cam) {
    if (!cam.classes) return;
    const { maskWidth: w, maskHeight: h, classes } = cam;
    const lut = new Uint32Array(256); // class index -> RGBA as little-endian uint32; 0 = transparent
    cam.palette.forEach((hex, index) => {
      if (disabledClasses.has(cam.classNames[index])) return;
      const rgb = parseInt(hex.slice(1), 16);
      lut[index] = (0xff << 24) | ((rgb & 0xff) << 16) | (rgb & 0xff00) | ((rgb >> 16) & 0xff);
    });
    const mc = cam.maskCanvas;
    if (mc.width !== w || mc.height !== h) {
      mc.width = w;
      mc.height = h;
    }
    const ctx = mc.getContext('2d');
    const image = ctx.createImageData(w, h);
    const pixels = new Uint32Array(image.data.buffer);
    for (let i = 0; i < classes.length; i++) pixels[i] = lut[classes[i]];
    ctx.putImageData(image, 0, 0);
  }

  // ---------- metrics ----------

  // [number, unit]: at most 5 characters and a short unit, so a value fits its tile at any count.
  function formatMs(ms) {
    if (ms < 999.5) return [String(Math.round(ms)), 'ms'];
    if (ms < 9995) return [(ms / 1000).toFixed(2), 's'];
    if (ms < 99950) return [(ms / 1000).toFixed(1), 's'];
    if (ms < 999500) return [String(Math.round(ms / 1000)), 's'];
    if (ms < 59970000) return [(ms / 60000).toFixed(1), 'min'];
    return [(ms / 3600000).toFixed(1), 'h'];
  }

  function formatRate(perSecond) {
    return perSecond < 100 ? perSecond.toFixed(1) : String(Math.round(perSecond));
  }

  function formatCount(n) {
    if (n < 10000) return String(n);
    if (n < 99950) return (n / 1000).toFixed(1) + 'k';
    if (n < 999500) return Math.round(n / 1000) + 'k';
    return (n / 1000000).toFixed(1) + 'M';
  }

  // A tile's value: the number in full size, its unit smaller beside it.
  function setValue(el, number, unit) {
    const text = number + (unit ? ' ' + unit : '');
    if (el.dataset.text === text) return;
    el.dataset.text = text;
    if (!unit) {
      el.textContent = number;
      return;
    }
    const small = document.createElement('small');
    small.className = 'unit';
    small.textContent = unit;
    el.replaceChildren(document.createTextNode(number), small);
  }

  function formatAgo(ms) {
    if (ms < 0) return 'never';
    const s = Math.round(ms / 1000);
    return s < 120 ? s + ' s' : Math.round(s / 60) + ' min';
  }

  function applyTick(tick, replaceHistory) {
    lastTickAt = Date.now();
    hook.ticks++;
    historySeconds = tick.historySeconds;
    setConnected(true);

    const broker = $('broker');
    if (tick.brokerReachable) {
      broker.textContent = 'broker ok';
      broker.className = 'pill pill-ok';
    } else {
      const since = new Date(tick.brokerStatusSinceMs).toLocaleTimeString([], { hour12: false });
      broker.textContent = 'broker unreachable since ' + since;
      broker.className = 'pill pill-bad';
    }
    $('lag').textContent = tick.consumerLag < 0 ? '–' : tick.consumerLag.toLocaleString();
    $('dead-letters').textContent = tick.deadLetters.toLocaleString();
    renderDeadLetters(tick.recentDeadLetters || []);
    const unreadable = $('unreadable');
    unreadable.hidden = tick.unreadableRecords === 0;
    unreadable.textContent = tick.unreadableRecords + ' unreadable records · last: ' + tick.lastUnreadableReason;
    unreadable.title = tick.lastUnreadableReason;

    for (const m of tick.cameras) {
      const cam = cardFor(m.camera);
      cam.metrics = m;
      // Stats may come before a camera's first mask (they are not held back by transactions):
      // the chart takes names and colours from the server, or from the legend's label set.
      if (cam.classNames.length === 0 && m.classNames.length) cam.classNames = m.classNames;
      if (cam.palette.length === 0 && m.palette.length) cam.palette = m.palette;
      if (cam.palette.length === 0 && legendNames.join('|') === cam.classNames.join('|')) cam.palette = legendPalette;
      cam.node.querySelector('.chart-minutes').textContent =
        historySeconds % 60 === 0 ? historySeconds / 60 + ' min' : historySeconds + ' s';
      if (replaceHistory) cam.points.clear();
      for (const p of m.sharePoints) cam.points.set(p.epochSecond, p.shares);
      const oldest = Math.floor(tick.nowMs / 1000) - historySeconds;
      for (const second of cam.points.keys()) if (second < oldest) cam.points.delete(second);
      renderMetrics(cam, m);
      renderChart(cam, tick.nowMs);
    }
  }

  function renderDeadLetters(entries) {
    const rows = entries.map((d) => {
      const row = document.createElement('tr');
      for (const text of [clockTime(d.atMs), d.camera || '?', d.stage, d.reason]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        cell.title = text;
        row.append(cell);
      }
      return row;
    });
    $('dead-letter-rows').replaceChildren(...rows);
  }
  $('dead-letter-toggle').addEventListener('click', () => {
    $('dead-letter-panel').hidden = !$('dead-letter-panel').hidden;
  });

  function renderMetrics(cam, m) {
    const q = (sel) => cam.node.querySelector(sel);
    const p50 = m.latency.samples ? formatMs(m.latency.p50Ms) : ['–', ''];
    const p99 = m.latency.samples ? formatMs(m.latency.p99Ms) : ['–', ''];
    setValue(q('.m-fps'), formatRate(m.masksPerSecond), '/s');
    setValue(q('.m-skip'), formatRate(m.skippedPerSecond), '/s');
    setValue(q('.m-p50'), p50[0], p50[1]);
    setValue(q('.m-p99'), p99[0], p99[1]);
    setValue(q('.m-backlog'), m.backlogFrames < 0 ? '–' : formatCount(m.backlogFrames), m.backlogFrames < 0 ? '' : 'fr');
    setValue(q('.m-dead'), formatCount(m.deadLetters), '');
    setValue(q('.m-conf'), m.meanConfidence < 0 ? '–' : String(Math.round(m.meanConfidence * 100)), m.meanConfidence < 0 ? '' : '%');
    const keys = formatRate(m.masksPerSecond) + '/s · p99 ' + p99.join(' ');
    q('.card-keys').textContent = keys;
    const cells = (cls) => cam.row.querySelector(cls);
    cells('.l-fps').textContent = formatRate(m.masksPerSecond);
    cells('.l-p99').textContent = p99.join(' ');
    cells('.l-skip').textContent = formatRate(m.skippedPerSecond);
    cells('.l-dead').textContent = formatCount(m.deadLetters);
    cells('.l-status').textContent = m.status === 'LIVE' ? 'live' : m.status === 'NO_MASKS' ? 'no masks' : 'stale';
    cam.row.dataset.status = m.status;

    const status = q('.status');
    const note = q('.stage-note');
    cam.node.classList.toggle('stale', m.status === 'STALE');
    cam.node.classList.toggle('no-masks', m.status === 'NO_MASKS');
    cam.node.dataset.status = m.status;
    if (m.status === 'LIVE') {
      status.textContent = 'live';
      status.className = 'pill status pill-ok';
    } else if (m.status === 'NO_MASKS') {
      status.textContent = 'no masks';
      status.className = 'pill status pill-warn';
      note.textContent = 'frames arrive, masks do not (labeling stopped or behind) · last mask ' + formatAgo(m.lastMaskAgoMs) + ' ago';
    } else {
      const seen = [m.lastMaskAgoMs, m.lastFrameAgoMs].filter((ago) => ago >= 0);
      const quietFor = seen.length ? formatAgo(Math.min(...seen)) : '?';
      status.textContent = 'stale · ' + quietFor;
      status.className = 'pill status pill-bad';
      note.textContent = 'STALE · nothing from this camera for ' + quietFor;
    }
  }

  // Stacked area of class shares, oldest left, now at the right edge.
  function renderChart(cam, nowMs) {
    const canvas = cam.chart;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, width, height);
    ctx.strokeStyle = 'rgba(138,153,171,0.25)';
    ctx.lineWidth = 1;
    for (const f of [0.25, 0.5, 0.75]) {
      ctx.beginPath();
      ctx.moveTo(0, Math.round(height * f) + 0.5);
      ctx.lineTo(width, Math.round(height * f) + 0.5);
      ctx.stroke();
    }
    const seconds = [...cam.points.keys()].sort((a, b) => a - b);
    canvas.dataset.points = String(seconds.length);
    canvas.dataset.lastSecond = seconds.length ? String(seconds[seconds.length - 1]) : '';
    const sharesDiv = cam.node.querySelector('.shares');
    if (seconds.length === 0) {
      sharesDiv.replaceChildren();
      return;
    }
    const nowSecond = nowMs / 1000;
    const x = (s) => width - ((nowSecond - (s + 1)) / historySeconds) * width;
    const names = chartClasses(cam, seconds);
    const base = new Array(seconds.length).fill(0);
    for (const name of names) {
      const top = seconds.map((s, i) => base[i] + (cam.points.get(s)[name] || 0));
      ctx.beginPath();
      seconds.forEach((s, i) => {
        const px = x(s);
        const py = height - top[i] * height;
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      // A single point still shows, as a one-second-wide column.
      if (seconds.length === 1) ctx.lineTo(x(seconds[0]) - width / historySeconds, height - top[0] * height);
      for (let i = seconds.length - 1; i >= 0; i--) ctx.lineTo(x(seconds[i]), height - base[i] * height);
      if (seconds.length === 1) ctx.lineTo(x(seconds[0]) - width / historySeconds, height - base[0] * height);
      ctx.closePath();
      ctx.fillStyle = colourOf(cam, name);
      ctx.fill();
      top.forEach((v, i) => (base[i] = v));
    }

    const latest = cam.points.get(seconds[seconds.length - 1]);
    sharesDiv.replaceChildren(
      ...names.map((name) => {
        const span = document.createElement('span');
        span.className = 'share';
        span.dataset.class = name;
        const index = cam.classNames.indexOf(name);
        if (index >= 0) span.dataset.classIndex = String(index);
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = colourOf(cam, name);
        const value = document.createElement('b');
        value.textContent = Math.round((latest[name] || 0) * 100) + '%';
        span.append(swatch, document.createTextNode(name), value);
        return span;
      })
    );
  }

  // The label set's classes in its order, then any other class the points name, as they came.
  function chartClasses(cam, seconds) {
    const names = [...cam.classNames];
    for (const s of seconds) {
      for (const name of Object.keys(cam.points.get(s))) if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  // The camera's own label set first; a camera with stats but no mask yet borrows the legend's.
  function colourOf(cam, name) {
    const index = cam.classNames.indexOf(name);
    if (index >= 0 && cam.palette[index]) return cam.palette[index];
    const legendIndex = legendNames.indexOf(name);
    return (legendIndex >= 0 && legendPalette[legendIndex]) || UNKNOWN_CLASS_COLOUR;
  }

  // ---------- connection ----------

  function setConnected(isConnected) {
    if (connected === isConnected) return;
    connected = isConnected;
    const pill = $('connection');
    pill.textContent = isConnected ? 'connected' : 'dashboard server unreachable · retrying';
    pill.className = 'pill ' + (isConnected ? 'pill-ok' : 'pill-bad');
  }

  function connect() {
    const source = new EventSource('/events');
    source.addEventListener('snapshot', (e) => applyTick(JSON.parse(e.data), true));
    source.addEventListener('tick', (e) => applyTick(JSON.parse(e.data), false));
    source.addEventListener('view', (e) => onView(JSON.parse(e.data)));
    // EventSource reconnects by itself; the server sends a fresh snapshot on every connect.
    source.onerror = () => setConnected(false);
  }

  function clockTime(ms) {
    const t = new Date(ms);
    return [t.getHours(), t.getMinutes(), t.getSeconds()].map((v) => String(v).padStart(2, '0')).join(':');
  }

  function everyHalfSecond() {
    $('clock').textContent = clockTime(Date.now());
    if (lastTickAt && Date.now() - lastTickAt > TICK_TIMEOUT_MS) setConnected(false);
  }
  everyHalfSecond();
  setInterval(everyHalfSecond, 500);

  connect();
})();
