// The desk's only script: live updates for an open search and the alerts page,
// and recovery after a search server outage. Served from the desk itself (the
// Content-Security-Policy forbids inline script). HTML fragments come from the
// server already escaped; nothing here builds markup from article text.
"use strict";

(function () {
  const body = document.body;
  const pageName = body.dataset.page;
  const banner = document.getElementById("outage");
  const liveState = document.getElementById("livestate");
  const pollMs = parseInt(body.dataset.pollMs || "1000", 10);
  const retryMs = 2000;
  let cursor = body.dataset.cursor || "";
  // Every arrival and when it reached the screen (ms since the epoch): read by
  // the latency bench and the e2e tests.
  window.deskArrivals = [];
  window.deskPolls = []; // [started, ended, articles returned] of the last polls

  window.deskLoadedAt = Date.now();

  let downSince = 0; // when the search server stopped answering (ms), 0 while it answers
  let lookback = 0; // seconds: the next arrivals query looks this far back, once
  let catchUps = 0; // immediate re-polls after full answers (bounded)

  function setHealthy(ok) {
    if (!ok && !downSince) downSince = Date.now();
    if (ok && downSince) {
      lookback = Math.ceil((Date.now() - downSince) / 1000) + 60;
      downSince = 0;
    }
    if (banner) banner.hidden = ok;
    if (liveState) {
      liveState.textContent = ok ? "live" : "reconnecting…";
      liveState.classList.toggle("down", !ok);
    }
  }

  function fromHtml(html) {
    const t = document.createElement("template");
    t.innerHTML = html.trim();
    return t.content.firstElementChild;
  }

  // Change the page without moving what the editor is reading: note where the
  // first row in view sits, change, then scroll by exactly how far it moved.
  // (Counting added height is not enough: a story that gains an article moves
  // to the top, from below or above the reader.)
  function keepingScroll(fn) {
    if (window.scrollY <= 0) {
      fn();
      return;
    }
    const header = document.querySelector("header.top");
    const topLine = header ? header.getBoundingClientRect().bottom : 0;
    let anchor = null;
    for (const el of document.querySelectorAll("li.art, li.alert")) {
      if (el.getBoundingClientRect().bottom > topLine) {
        anchor = el;
        break;
      }
    }
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    fn();
    if (anchor && anchor.isConnected) {
      window.scrollBy(0, anchor.getBoundingClientRect().top - before);
    }
  }

  function rowOf(id) {
    return document.querySelector('li.art[data-id="' + CSS.escape(id) + '"]');
  }

  // Every article the page shows, as a row or folded into a row as a copy: an
  // arrival already here is skipped (polls overlap on purpose).
  const seen = new Set();
  // [id, indexed_at] of arrivals inside the look-back window: named in the next
  // poll so the desk does not send them again.
  let recent = [];
  for (const row of document.querySelectorAll("li.art")) {
    seen.add(row.dataset.id);
    const c = row.querySelector(".copies");
    for (const id of ((c && c.dataset.ids) || "").split(" ")) if (id) seen.add(id);
  }
  // a story lists only its first rows; the rest of its matches count as shown
  for (const s of document.querySelectorAll("section.story[data-ids]")) {
    for (const id of s.dataset.ids.split(" ")) if (id) seen.add(id);
  }

  function placeArrival(a, results) {
    if (seen.has(a.id)) return false;
    seen.add(a.id);
    // a copy folds into the row of its wire story (shown as its earliest copy)
    const original =
      (a.copy_group &&
        document.querySelector('li.art[data-group="' + CSS.escape(a.copy_group) + '"]')) ||
      (a.duplicate_of ? rowOf(a.duplicate_of) : null);
    if (original) {
      const row = original;
      const c = row.querySelector(".copies");
      const n = parseInt(c.dataset.n || "0", 10) + 1;
      c.dataset.n = String(n);
      c.textContent = "+" + n + (n === 1 ? " copy" : " copies");
      c.classList.remove("none");
      row.classList.add("new");
      return true;
    }
    const group = a.story_id
      ? results.querySelector('section.story[data-story="' + CSS.escape(a.story_id) + '"]')
      : null;
    if (group) {
      group.querySelector("ol.arts").prepend(fromHtml(a.row_html));
      const count = group.querySelector(".storyhead .count");
      if (count) {
        const n = parseInt(count.dataset.n || "0", 10) + 1;
        count.dataset.n = String(n);
        count.textContent = n + (n === 1 ? " article" : " articles");
      }
      group.classList.add("new");
      results.prepend(group);
    } else {
      results.prepend(fromHtml(a.group_html));
    }
    return true;
  }

  function applyArrivals(data) {
    const results = document.getElementById("results");
    if (!results || !data.articles) return;
    const fresh = data.articles.filter((a) => !seen.has(a.id));
    if (fresh.length) {
      const none = document.getElementById("nomatch");
      keepingScroll(() => {
        if (none) none.remove();
        for (const a of fresh) {
          if (placeArrival(a, results)) window.deskArrivals.push({ id: a.id, t: Date.now() });
        }
      });
    }
    if (data.cursor) cursor = data.cursor;
    for (const a of data.articles) recent.push([a.id, Date.parse(a.indexed_at || "") || 0]);
    const horizon = (Date.parse(cursor) || 0) - 20000 - lookback * 1000;
    recent = recent.filter((r) => r[1] >= horizon).slice(-150);
  }

  function arrivalsUrl(path) {
    const p = new URLSearchParams(window.location.search);
    p.delete("format");
    p.delete("live");
    if (cursor) p.set("since", cursor);
    if (lookback) p.set("lookback", String(lookback));
    if (recent.length && path === "/api/arrivals") p.set("seen", recent.map((r) => r[0]).join(","));
    return path + "?" + p.toString();
  }

  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }

  // Poll: one cheap query per interval, the next one only after this one ended.
  function pollLoop(url, apply) {
    async function tick() {
      let wait = pollMs;
      const started = Date.now();
      try {
        const data = await getJson(url());
        window.deskPolls.push([started, Date.now(), (data.articles || data.alerts || []).length]);
        if (window.deskPolls.length > 500) window.deskPolls.shift();
        apply(data);
        if (data.full && catchUps < 3) {
          catchUps += 1; // more than one answer's worth arrived: fetch the rest now
          wait = 0;
        } else {
          catchUps = 0;
          lookback = 0;
        }
        setHealthy(true);
      } catch (e) {
        setHealthy(false);
        wait = retryMs;
      }
      window.setTimeout(tick, wait);
    }
    window.setTimeout(tick, pollMs);
  }

  function sseLoop() {
    const es = new EventSource(arrivalsUrl("/api/arrivals/stream"));
    es.onmessage = (ev) => applyArrivals(JSON.parse(ev.data));
    es.addEventListener("outage", () => setHealthy(false));
    es.addEventListener("ok", () => setHealthy(true));
    es.onerror = () => {
      setHealthy(false);
      es.close();
      window.setTimeout(sseLoop, retryMs);
    };
  }

  function applyAlerts(data) {
    const rules = document.getElementById("rules");
    if (!rules || !data.alerts) return;
    const todo = data.alerts.slice().reverse(); // oldest first: each goes on top
    keepingScroll(() => {
      for (const a of todo) {
        const old = document.querySelector('li.alert[data-id="' + CSS.escape(a.id) + '"]');
        if (old && old.dataset.updated === (a.updated_at || "")) continue;
        const none = document.getElementById("nomatch");
        if (none) none.remove();
        const row = fromHtml(a.row_html);
        row.classList.add("new");
        if (old) old.remove();
        let section = rules.querySelector('section.rule[data-rule="' + CSS.escape(a.rule) + '"]');
        if (section) {
          section.querySelector("ol.alerts").prepend(row);
        } else {
          section = fromHtml(a.section_html);
          section.querySelector("ol.alerts").replaceChildren(row);
        }
        rules.prepend(section);
        window.deskArrivals.push({ id: a.id, t: Date.now() });
      }
    });
    if (data.cursor) cursor = data.cursor;
  }

  function waitForSearch() {
    async function tick() {
      try {
        const r = await fetch("/healthz", { cache: "no-store" });
        if (r.ok) {
          window.location.reload();
          return;
        }
      } catch (e) {
        // still down
      }
      window.setTimeout(tick, retryMs);
    }
    window.setTimeout(tick, retryMs);
  }

  if (pageName === "search") {
    if (body.dataset.live === "sse") sseLoop();
    else pollLoop(() => arrivalsUrl("/api/arrivals"), applyArrivals);
  } else if (pageName === "alerts") {
    pollLoop(() => arrivalsUrl("/api/alerts"), applyAlerts);
  } else if (pageName === "outage") {
    waitForSearch();
  }
})();
