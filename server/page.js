// Runs once when the page loads (``launch(js=...)``). The stored choice (localStorage, mirrored in a cookie the
// server reads for handler text) is already the page's locale (:class:`LocaleFirst`); ``changeLocale`` is still
// called for a page served without that middleware (the module that exports it is found among the loaded scripts).
// The control at the top stores a new choice and reloads the page, so text handlers wrote earlier (counts, cards,
// notes) is rewritten in the new language too. Three generic behaviours, with no wiring in any tab:
// - Gradio 6's toast title is its type, capitalised in English ("Error": statustracker-*.js ignores gr.Error's
//   title); it is rewritten in the page's language.
// - An error toast's message is also written into a note (``.pg-error-note``) under the first text input of the tab
//   where the student last acted, and stays after the toast is gone, until the next click of a main (primary)
//   button in that tab or an edit of that input. The outputs are never covered.
// - A text box with a limit (``maxlength``, from ``max_length=``) gets a counter once 80 % of it is used
//   ("4,812 / 5,000"), and a paste that does not fit says how much of it was left out.
// COOKIE_NAME and PAGE_TEXTS_JSON are filled in by server/page.py.
() => {
  const KEY = "COOKIE_NAME";
  const TEXTS = PAGE_TEXTS_JSON;
  const stored = localStorage.getItem(KEY);
  const lang = stored === "ko" || stored === "en" ? stored
    : ((navigator.language || "").toLowerCase().startsWith("ko") ? "ko" : "en");
  document.cookie = KEY + "=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
  document.documentElement.lang = lang;
  // What the student typed and which tab was open survive the switch: the page reloads in the other language (so
  // every text a handler wrote is rewritten in it), then the boxes are filled again and the tab reopened.
  const KEEP = "playground_kept";
  const typedFields = () => [...document.querySelectorAll(".tabitem textarea, .tabitem input[type=text]")]
    .filter((el) => !el.disabled && !el.readOnly && el.value && !el.closest(".wrap-inner, [role=listbox], .dropdown"));
  const componentOf = (el) => {  // the top-level tab the box is in (its elem_id, #tab-<task>)
    const top = topPanelOf(el);
    return top && top.id ? top : null;
  };
  window.playgroundSetLanguage = (next) => {
    if (next === lang) return;
    try {
      const tab = document.querySelector("#tabs > .tab-wrapper [role=tab][aria-selected=true], #tabs [role=tab][aria-selected=true]");
      const fields = typedFields().map((el) => {
        const home = componentOf(el);
        if (!home) return null;
        const index = [...home.querySelectorAll("textarea, input[type=text]")].indexOf(el);
        return { home: home.id, index, value: el.value };
      }).filter(Boolean);
      sessionStorage.setItem(KEEP, JSON.stringify({ tab: tab ? tab.id : null, fields }));
    } catch (e) { /* nothing kept: the switch still works */ }
    localStorage.setItem(KEY, next);
    document.cookie = KEY + "=" + next + "; path=/; max-age=31536000; SameSite=Lax";
    location.reload();
  };
  let kept;
  try { kept = JSON.parse(sessionStorage.getItem(KEEP) || "null"); } catch (e) { kept = null; }
  sessionStorage.removeItem(KEEP);
  const restoreKept = () => {  // true once everything kept is back (tried again on each change of the page)
    if (!kept) return true;
    if (kept.tab) {
      const tab = document.getElementById(kept.tab);
      if (!tab) return false;
      if (tab.getAttribute("aria-selected") !== "true") tab.click();
      kept.tab = null;
    }
    kept.fields = kept.fields.filter((f) => {
      const home = document.getElementById(f.home);
      const el = home && [...home.querySelectorAll("textarea, input[type=text]")][f.index];
      if (!el) return true;  // not drawn yet
      if (!el.value) {
        el.value = f.value;
        el.dispatchEvent(new Event("input", { bubbles: true }));  // Gradio reads the box from its input event
      }
      return false;
    });
    return kept.fields.length === 0;
  };
  let restored = false;
  // The control shows which language the page is in.
  const markLanguage = () => ["ko", "en"].forEach((code) => {
    const button = document.getElementById("language-" + code);
    if (!button) return;
    const on = code === lang;
    if (button.classList.contains("pg-lang-active") !== on) button.classList.toggle("pg-lang-active", on);
    if (button.getAttribute("aria-pressed") !== String(on)) button.setAttribute("aria-pressed", String(on));
  });
  const core = performance.getEntriesByType("resource").map((e) => e.name)
    .find((name) => /\/core-[^/]*\.js$/.test(name));
  if (core) {
    import(core).then((m) => { if (m.changeLocale) m.changeLocale(lang); })
      .catch(() => {});
  }
  document.body.dataset.playgroundLang = lang;

  const say = (key, params = {}) => TEXTS[key][lang === "ko" ? 1 : 0]
    .replace(/\{(\w+)\}/g, (_, name) => params[name]);
  const number = (n) => n.toLocaleString("en-US");
  const panelOf = (el) => (el && el.closest ? el.closest(".tabitem") : null);
  const topPanelOf = (el) => {
    let p = panelOf(el), up;
    while (p && (up = panelOf(p.parentElement))) p = up;
    return p;
  };
  const visible = (el) => el && el.checkVisibility && el.checkVisibility();

  // Toast titles in the page's language.
  const TITLES = { error: "common.error", warning: "common.warning", info: "common.info", success: "common.success" };
  const retitle = () => document.querySelectorAll(".toast-title").forEach((el) => {
    const kind = Object.keys(TITLES).find((k) => el.classList.contains(k));
    const node = [...el.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
    if (kind && node && node.textContent.trim() !== say(TITLES[kind])) node.textContent = say(TITLES[kind]) + " ";
  });

  // The error note under the input of the tab the student last acted in.
  let lastPanel = null;
  const seen = new WeakSet();
  // A tab's main input: its first visible text box (a textarea in Gradio 6), else a plain text input that is not
  // a dropdown's.
  const fieldOf = (panel) => [...panel.querySelectorAll("textarea")].find((el) => visible(el))
    || [...panel.querySelectorAll("input[type=text], input:not([type])")]
      .find((el) => visible(el) && !el.closest(".wrap-inner, [role=listbox], .dropdown"));
  const clearNotes = (top) => top && top.querySelectorAll(".pg-error-note").forEach((n) => n.remove());
  const showNote = (text) => {
    if (lastPanel === "outside") return;  // the student last acted outside the tabs (System, the header): toast only
    let panel = visible(lastPanel) ? lastPanel : null;
    if (!panel) panel = [...document.querySelectorAll(".tabitem")].find((p) => visible(p) && !panelOf(p.parentElement));
    if (!panel) return;
    const field = fieldOf(panel) || fieldOf(topPanelOf(panel));
    const block = field ? field.closest(".block") : null;
    clearNotes(topPanelOf(panel));
    const note = document.createElement("div");
    note.className = "pg-error-note";
    note.setAttribute("role", "alert");
    note.textContent = "⚠️ " + text;
    if (block) block.append(note); else panel.prepend(note);  // inside the input's box: never a new row item
    note.pgField = field || null;
  };
  // One line per distinct message: thirty quick clicks refused alike stacked thirty identical lines in Gradio's
  // toast (its count said "(30)"); repeats are hidden, and the count says how many different messages there are.
  const dedupe = () => document.querySelectorAll(".toast-messages").forEach((box) => {
    const texts = new Set();
    box.querySelectorAll(".toast-message-item").forEach((item) => {
      const text = item.innerText.trim();
      const dup = texts.has(text);
      texts.add(text);
      item.classList.toggle("pg-dup", dup);
      const sep = item.previousElementSibling;
      if (sep && sep.classList.contains("toast-separator")) sep.classList.toggle("pg-dup", dup);
    });
    const title = box.closest(".toast-body") && box.closest(".toast-body").querySelector(".toast-title");
    const count = title && title.querySelector(".toast-count");
    if (!count) return;
    const repeated = box.querySelectorAll(".toast-message-item.pg-dup").length > 0;
    count.classList.toggle("pg-dup", repeated);
    let mine = title.querySelector(".pg-count");
    if (repeated && texts.size > 1) {
      if (!mine) { mine = document.createElement("span"); mine.className = "pg-count toast-count"; title.append(mine); }
      if (mine.textContent !== `(${texts.size})`) mine.textContent = `(${texts.size})`;
    } else if (mine) mine.remove();
  });
  const phone = window.matchMedia("(max-width: 640px)");
  const readToasts = () => {
    if (!restored) restored = restoreKept();
    markLanguage();
    retitle();
    dedupe();
    document.querySelectorAll(".toast-wrap").forEach((wrap) => wrap.classList.toggle("pg-toasts-low", phone.matches));
    const fresh = [...document.querySelectorAll(".toast-body.error .toast-message-text")].filter((el) => !seen.has(el));
    fresh.forEach((el) => seen.add(el));
    const last = fresh.map((el) => el.innerText.trim()).filter(Boolean).pop();
    if (last) showNote(last);
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; readToasts(); recount(); });
  }).observe(document.body, { childList: true, subtree: true });
  const acted = (event) => {
    if (event.target && event.target.closest && event.target.closest(".toast-wrap")) return;  // closing a toast
    lastPanel = panelOf(event.target) || "outside";
  };
  document.addEventListener("pointerdown", acted, true);
  document.addEventListener("keydown", acted, true);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.primary, button.lg.primary");
    if (button) clearNotes(topPanelOf(button));
  }, true);

  // The character counter, and what a paste over the limit left out.
  // The counter sits inside the text box's own block, under the box (a sibling would become a row item).
  const counters = new Map();
  const count = (field, cut) => {
    const limit = Number(field.getAttribute("maxlength"));
    if (!limit) return;
    const used = field.value.length;
    let counter = counters.get(field);
    if (used < 0.8 * limit && !cut) {
      if (counter) { counter.remove(); counters.delete(field); }
      return;
    }
    if (!counter || !counter.isConnected) {
      counter = document.createElement("div");
      counter.className = "pg-counter";
      counter.setAttribute("aria-live", "polite");
      (field.closest(".block") || field.parentElement).append(counter);
      counters.set(field, counter);
    }
    counter.pgUsed = used;
    counter.classList.toggle("pg-full", used >= limit);
    counter.textContent = number(used) + " / " + number(limit);
    if (cut) {
      const why = document.createElement("span");
      why.className = "pg-cut";
      why.textContent = say("common.cut", { limit: number(limit), pasted: number(cut.pasted), cut: number(cut.cut) });
      counter.prepend(why);
    }
  };
  // A handler may rewrite a box (Send empties it, an example fills it): no input event, so counters are redone
  // whenever the page changes, and kept while they still say the same.
  const recount = () => counters.forEach((counter, field) => {
    if (!field.isConnected) { counter.remove(); counters.delete(field); }
    else if (counter.pgUsed !== field.value.length) count(field, null);
  });
  setInterval(recount, 1000);
  let pasted = null;
  document.addEventListener("paste", (event) => {
    const field = event.target;
    if (!field || !field.getAttribute || !field.getAttribute("maxlength")) return;
    const limit = Number(field.getAttribute("maxlength"));
    const text = (event.clipboardData && event.clipboardData.getData("text")) || "";
    const selected = (field.selectionEnd || 0) - (field.selectionStart || 0);
    const over = field.value.length - selected + text.length - limit;
    pasted = over > 0 ? { field, pasted: text.length, cut: over } : null;
  }, true);
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!field || !field.getAttribute) return;
    document.querySelectorAll(".pg-error-note").forEach((n) => { if (n.pgField === field) n.remove(); });
    if (!field.getAttribute("maxlength")) return;
    const cut = pasted && pasted.field === field ? pasted : null;
    pasted = null;
    count(field, cut);
  }, true);
}
