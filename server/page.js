// Runs once when the page loads (``launch(js=...)``). The stored choice (localStorage, mirrored in a cookie the
// server reads for handler text) is already the page's locale (:class:`LocaleFirst`); ``changeLocale`` is still
// called for a page served without that middleware (the module that exports it is found among the loaded scripts).
// The control at the top stores a new choice and reloads the page, so text handlers wrote earlier (counts, cards,
// notes) is rewritten in the new language too. Generic behaviours, with no wiring in any tab:
// - A switch pressed while a run is in progress waits for the run to end (a note under the header says so), so its
//   result comes along; pressed again meanwhile, it happens at once.
// - Gradio 6's toast title is its type, capitalised in English ("Error": statustracker-*.js ignores gr.Error's
//   title); it is rewritten in the page's language.
// - An error toast's message is also written into a note (``.pg-error-note``) under the first text input of the tab
//   where the student last acted, and stays after the toast is gone, until the next click of a main (primary)
//   button in that tab or an edit of that input. The outputs are never covered. A helper event's error (an upload, a
//   picker, a button that is not the tab's main one) is written next to the control that failed instead.
// - Gradio 6 shows no toast for an event wired with ``queue=False`` that fails (its client drops the error's
//   ``visible``: the page said nothing, the network said HTTP 500): such an error is read from the answer and its
//   note written next to the control that triggered the event (the request names it: ``trigger_id``).
// - On a phone, when a run of a main button ends and the tab's main output (``[id$=-output]``, else a label or a
//   gallery) is below the fold, it is scrolled into view, unless the student scrolled meanwhile; a model card
//   (``.pg-card``) is cut to its first lines with a "more" toggle.
// - Gradio's upload box refuses a file of another type in English, in the page: that line is said in the page's
//   language.
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
  // What the student typed, which tab was open and which of its sections survive the switch: the page reloads in
  // the other language (so every text a handler wrote is rewritten in it), then the boxes are filled again and the
  // tab reopened. The results come back from the server: the control's click first got a one-time token for this
  // session's results (tabs/handover.py); it is kept here with the rest and, once the new page is drawn, typed into
  // the hidden box #pg-handover, whose change event draws every tab's results again in the new language.
  const KEEP = "playground_kept";
  // A setting: a slider (its range input; the number box beside it follows it), a checkbox, a number box
  // (gr.Number: Image's seed, Train's learning rate).
  const isSetting = (el) => el.type !== "number" || !el.closest(".block")?.querySelector("input[type=range]");
  const settingInputs = () => [...document.querySelectorAll(
    ".tabitem input[type=range], .tabitem input[type=checkbox], .tabitem input[type=number]")]
    .filter((el) => !el.disabled && isSetting(el) && componentOf(el));
  // Where a setting is, the same on the reloaded page: its block's elem_id, else its tab, its section there (a
  // section's content is drawn only once opened: a place counted in the whole tab would shift) and its place
  // among the inputs of its kind there.
  const settingsIn = (home, section, kind) => {
    const within = section >= 0 ? home.querySelectorAll(".gr-accordion")[section] : home;
    if (!within) return [];
    const all = [...within.querySelectorAll(`input[type=${kind}]`)].filter(isSetting);
    return section >= 0 || home.matches(".block") ? all : all.filter((el) => !el.closest(".gr-accordion"));
  };
  const placeOf = (el) => {
    const block = el.closest(".block");
    if (block && block.id) return { home: block.id, section: -1 };
    const top = componentOf(el);
    const section = el.closest(".gr-accordion");
    return { home: top.id, section: section ? [...top.querySelectorAll(".gr-accordion")].indexOf(section) : -1 };
  };
  const typedFields = () => [...document.querySelectorAll(".tabitem textarea, .tabitem input[type=text]")]
    .filter((el) => !el.disabled && !el.readOnly && el.value && !el.closest(".wrap-inner, [role=listbox], .dropdown"));
  // The component a box or a choice belongs to: its block's id (its elem_id; a block without one has an empty id in
  // Gradio 6, and a box there is found by its place among its tab's boxes), the same on the reloaded page (the same
  // app), so a box comes back into its own component whichever boxes are drawn.
  const blockOf = (el) => { const block = el.closest(".block[id]"); return block ? block.id : null; };
  const componentOf = (el) => {  // the top-level tab the box is in (its elem_id, #tab-<task>)
    const top = topPanelOf(el);
    return top && top.id ? top : null;
  };
  // The open tab's sections (accordions), open or closed as the student left them: by their order in the tab (the
  // same in both languages; none is inside another).
  const modeButtons = (box) => [...box.querySelectorAll("[role=tab]")].filter((b) => b.closest(".tabs") === box);
  const sectionsOf = (panel) => [...panel.querySelectorAll(".gr-accordion")]
    .map((section) => section.querySelector(".label-wrap")).filter(Boolean);
  // A switch asked for while a run is in progress (a tab's Stop is active) waits until the run ends, so that its
  // result is kept and comes back with the rest: a note under the header says so. Asked again meanwhile, it happens
  // at once (the reload ends the run, as closing the page does); the page's own language calls it off.
  const running = () => [...document.querySelectorAll("button.pg-stop")].some((button) => !button.disabled);
  let waiting = null;  // { next, note, asked } while a switch waits for a run to end
  const waitToSwitch = (next) => {
    if (waiting) waiting.note.remove();
    waiting = null;
    if (!next) return;
    const note = document.createElement("div");
    note.className = "pg-switch-note";
    note.setAttribute("role", "status");
    const name = document.getElementById(`language-${next}`)?.textContent?.trim() || next;  // the button's own
    note.textContent = say("common.switch_waits", { language: name });
    const header = document.getElementById("pg-header");
    if (header) header.after(note); else document.body.prepend(note);
    waiting = { next, note, asked: false };
  };
  const switchWhenIdle = () => {  // on each change of the page while a switch waits
    if (!waiting || waiting.asked || running()) return;
    const button = document.getElementById("language-" + waiting.next);
    if (!button) return;
    waiting.asked = true;
    button.click();  // a fresh token, now with the run's result, then playgroundSetLanguage again
  };
  window.playgroundSetLanguage = (next, token) => {
    if (next === lang) { waitToSwitch(null); return; }
    if (!waiting || waiting.next !== next) {
      if (running()) { waitToSwitch(next); return; }
    }
    try {
      const tab = document.querySelector("#tabs > .tab-wrapper [role=tab][aria-selected=true], #tabs [role=tab][aria-selected=true]");
      const panel = tab && tab.id ? document.getElementById(tab.id.replace(/-button$/, "")) : null;
      const sections = panel ? { home: panel.id, open: sectionsOf(panel).map((b) => b.classList.contains("open")) }
        : null;
      // typed: the student's own text (typed here, or put back as typed by the last switch and not replaced
      // since), which comes back over the text the reloaded page or its results draw in the box; any other text
      // (an example, a handler's) comes back only into an empty box (a box's default is in the page's language).
      const fields = typedFields().map((el) => {
        const home = componentOf(el);
        if (!home) return null;
        const index = [...home.querySelectorAll("textarea, input[type=text]")].indexOf(el);
        const typed = touched.has(el) || carried.get(el) === el.value;
        return { home: home.id, block: blockOf(el), index, value: el.value, typed };
      }).filter(Boolean);
      // The choices that show or hide boxes (Train's data source shows the typed examples' boxes).
      const choices = [...document.querySelectorAll(".tabitem input[type=radio]:checked")]
        .map((el) => ({ block: blockOf(el), value: el.value })).filter((c) => c.block);
      // The settings a student moves (sliders, checkboxes, number boxes: Image's steps and seed, Chat's
      // temperature, Summarize's sampling),
      // by their block and their place among its inputs of that kind.
      const settings = settingInputs().map((el) => {
        const { home, section } = placeOf(el);
        const index = settingsIn(document.getElementById(home), section, el.type).indexOf(el);
        return { home, section, kind: el.type, index, value: el.type === "checkbox" ? el.checked : el.value };
      }).filter((k) => k.index >= 0);
      // The tab open inside a tab (Sentiment's one text / many texts), by its tab set's elem_id.
      const modes = [...document.querySelectorAll(".tabitem .tabs[id]")].map((box) => {
        const index = modeButtons(box).findIndex((b) => b.getAttribute("aria-selected") === "true");
        return index >= 0 ? { id: box.id, index } : null;
      }).filter(Boolean);
      const handover = typeof token === "string" && token ? token : null;
      sessionStorage.setItem(KEEP, JSON.stringify({ tab: tab ? tab.id : null, fields, choices, token: handover,
        sections, settings, modes }));
    } catch (e) { /* nothing kept: the switch still works */ }
    localStorage.setItem(KEY, next);
    document.cookie = KEY + "=" + next + "; path=/; max-age=31536000; SameSite=Lax";
    location.reload();
  };
  let kept;
  try { kept = JSON.parse(sessionStorage.getItem(KEEP) || "null"); } catch (e) { kept = null; }
  sessionStorage.removeItem(KEEP);
  const keptSince = Date.now();
  let handled = false;  // the student clicked or typed here: sections and choices not put back yet stay as they are
  const touched = new WeakSet();  // the settings and boxes the student acted on here (they stay as the student set them)
  const carried = new WeakMap();  // box -> the typed text this script put back into it (still typed while it holds it)
  let settingNow = null;  // the checkbox this script is clicking (its own click's input event is no student's)
  // A setting the student moved here stays as it is: the input itself, or the one setting of the block acted on
  // (a slider's number box, a checkbox's label).
  const touch = (event) => {
    if (!event.isTrusted || !event.target || !event.target.closest || event.target === settingNow) return;
    touched.add(event.target);
    const block = event.target.closest(".block");
    const inputs = block ? [...block.querySelectorAll("input[type=range], input[type=checkbox], input[type=number]")]
      .filter(isSetting) : [];
    if (inputs.length === 1) touched.add(inputs[0]);
  };
  // Set a kept setting as a student would, so its change event runs; true when it differed.
  const putSetting = (k, el) => {
    if ((k.kind === "checkbox" ? el.checked : el.value) === k.value) return false;
    if (k.kind === "checkbox") {
      settingNow = el;
      try { el.click(); } finally { settingNow = null; }
    } else {
      el.value = k.value;
      el.dispatchEvent(new Event("input", { bubbles: true }));  // Gradio reads a slider or a number box so
    }
    return true;
  };
  if (kept && !kept.token) document.body.dataset.pgRestored = "none";  // a switch with no results to hand over
  const restoreKept = () => {  // true once everything kept is back (tried again on each change of the page)
    if (!kept) return true;
    if (kept.tab) {
      const tab = document.getElementById(kept.tab);
      if (!tab) return false;
      if (tab.getAttribute("aria-selected") !== "true") tab.click();
      // The results are asked for once the reopened tab is drawn: a component still mounting when they arrive
      // could be drawn with its initial value over them (a busy machine showed the Tokens box so).
      // (A tab without a text box, or one not drawn after 10 s, does not hold the results back.)
      const panel = document.getElementById(kept.tab.replace(/-button$/, ""));
      const drawn = !panel || ((panel.checkVisibility && panel.checkVisibility()) && panel.querySelector("textarea, input"));
      if (!drawn && Date.now() - keptSince < 10000) return false;
      kept.tab = null;
    }
    if (kept.token) {
      if (!handBack(kept.token)) return false;  // not drawn yet
      handing = { token: kept.token, tries: 1 };
      kept.token = null;
      document.body.dataset.pgRestored = "waiting";
    }
    // A tab inside a tab as the student left it, once drawn (in a tab not opened yet, when it is).
    kept.modes = (kept.modes || []).filter((m) => {
      const box = document.getElementById(m.id);
      const button = box && modeButtons(box)[m.index];
      if (!button) return true;  // not drawn yet
      if (button.getAttribute("aria-selected") !== "true") button.click();
      return false;
    });
    // A choice first (it may draw the boxes below), once its component is drawn, unless the student acted first.
    if (handled) kept.choices = [];
    kept.choices = (kept.choices || []).filter((c) => {
      const block = document.getElementById(c.block);
      if (!block) return true;  // not drawn yet (a tab not opened yet: when it is)
      const input = [...block.querySelectorAll("input[type=radio]")].find((el) => el.value === c.value);
      if (input && !input.checked) input.click();  // as the student did: its change event runs
      return false;
    });
    // Each box into its own component (an older kept state has no block: its place among the tab's boxes), when
    // drawn: in a tab not opened yet, when it is. An empty box at once. A box holding text only for the student's
    // own typed text, once the results are back (a restored run can write the text it ran on; typed after that
    // run, the text is the student's), watched for two seconds as the settings are; never over a box the student
    // typed into here.
    const back = ["done", "none"].includes(document.body.dataset.pgRestored) || Date.now() - keptSince >= 10000;
    kept.fields = kept.fields.filter((f) => {
      const home = document.getElementById(f.home);
      const block = f.block ? document.getElementById(f.block) : null;
      const el = f.block ? block && block.querySelector("textarea, input[type=text]")
        : home && [...home.querySelectorAll("textarea, input[type=text]")][f.index];
      if (!el) return true;  // not drawn yet
      if (touched.has(el)) return false;
      const put = () => {
        el.value = f.value;
        if (f.typed) carried.set(el, f.value);
        el.dispatchEvent(new Event("input", { bubbles: true }));  // Gradio reads the box from its input event
      };
      if (!el.value) put();
      if (!f.typed) return false;
      if (!back) return true;
      f.since = f.since || Date.now();
      if (el.value !== f.value && (f.tries || 0) < 5) {
        f.tries = (f.tries || 0) + 1;
        put();
      }
      return Date.now() - f.since < 2000;
    });
    // The settings as the student left them, once the results are back (a restored run sets the settings it ran
    // with; a setting moved after that run is the student's): where a value differs, set as a student would, so
    // its change event runs. In a tab not opened yet, when it is drawn; never over one the student moved here.
    if (back) {
      kept.settings = (kept.settings || []).filter((k) => {
        const home = document.getElementById(k.home);
        const el = home && settingsIn(home, k.section ?? -1, k.kind)[k.index];
        if (!el) return true;  // not drawn yet
        if (touched.has(el)) return false;
        // Watched for two seconds once drawn, and set again when it differs (a few tries): a component drawn a
        // moment ago can put its own value back, and an event the restore set off can follow it (a model put back
        // sets its recommended sampling).
        k.since = k.since || Date.now();
        if ((k.tries || 0) < 5 && putSetting(k, el)) k.tries = (k.tries || 0) + 1;
        return Date.now() - k.since < 2000;
      });
    }
    if (kept.sections && handled) kept.sections = null;  // never against a section the student just opened
    if (kept.sections) {
      // After the results are back (they can show a section that was hidden), and only when the tab has as many
      // sections as when the student left it; a section is clicked once, where its state differs.
      const waited = Date.now() - keptSince >= 10000;
      if (!["done", "none"].includes(document.body.dataset.pgRestored) && !waited) return false;
      const panel = document.getElementById(kept.sections.home);
      const now = panel ? sectionsOf(panel) : [];
      if (now.length !== kept.sections.open.length && !waited) return false;
      // Looked at again on a later change of the page, as the settings are: a section drawn a moment ago can
      // ignore a click (a few tries).
      const differ = now.filter((button, i) => button.classList.contains("open") !== kept.sections.open[i]);
      kept.sections.tries = (kept.sections.tries || 0) + 1;
      if (now.length === kept.sections.open.length && differ.length && kept.sections.tries <= 5) {
        differ.forEach((button) => button.click());
        return false;
      }
      kept.sections = null;
    }
    return !kept.fields.length && !kept.choices.length && !(kept.settings || []).length && !kept.modes.length;  // (tried again at each
    // change of the page until then)
  };
  let restored = false;
  // The token goes into the hand-over box, whose change event redeems it; the answer writes HANDED_OVER there
  // (body[data-pg-restored] = "done"). A box Gradio has not bound yet can be redrawn with its own empty value,
  // dropping the token before any request (seen on a busy machine): an empty box is written again, a few times. A
  // token sent twice is harmless: the server spends it once, and answers the second with nothing but the mark.
  const handBack = (token) => {
    const box = document.querySelector("#pg-handover textarea, #pg-handover input");
    if (!box) return false;
    box.value = token;
    box.dispatchEvent(new Event("input", { bubbles: true }));  // Gradio's change event redeems it (once)
    return true;
  };
  let handing = null;  // {token, tries} while the hand-over runs
  const handedOver = (again = false) => {  // again: the 1 s timer's call, which may write the token again
    if (!handing) return;
    const box = document.querySelector("#pg-handover textarea, #pg-handover input");
    if (box && box.value === "HANDED_OVER") {
      handing = null;
      document.body.dataset.pgRestored = "done";
    } else if (again && box && !box.value && handing.tries < 10) {
      handing.tries += 1;
      handBack(handing.token);
    }
  };
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
  let lastControl = null;  // the component block the student last acted on (not a text box, not a button)
  const seen = new WeakSet();
  // A tab's main input: its first visible text box (a textarea in Gradio 6), else a plain text input that is not
  // a dropdown's.
  const fieldOf = (panel) => (panel ? [...panel.querySelectorAll("textarea")].find((el) => visible(el))
    || [...panel.querySelectorAll("input[type=text], input:not([type])")]
      .find((el) => visible(el) && !el.closest(".wrap-inner, [role=listbox], .dropdown")) : null);
  const clearNotes = (top) => top && top.querySelectorAll(".pg-error-note").forEach((n) => n.remove());
  // Where a note goes: under ``control`` when it is a component the student acted on (an upload, a picker), else
  // under the tab's main input (a main button's refusal is about what was typed).
  const noteHome = (control) => {
    const block = control && control.isConnected && visible(control) && !control.closest("button")
      ? control.closest(".block") : null;
    if (block && panelOf(block)) return { panel: panelOf(block), block, field: null };
    if (lastPanel === "outside") return null;  // the student last acted outside the tabs (System, the header)
    let panel = visible(lastPanel) ? lastPanel : null;
    if (!panel) panel = [...document.querySelectorAll(".tabitem")].find((p) => visible(p) && !panelOf(p.parentElement));
    if (!panel) return null;
    const field = fieldOf(panel) || fieldOf(topPanelOf(panel));
    return { panel, block: field ? field.closest(".block") : null, field };
  };
  const showNote = (text, control) => {
    const home = noteHome(control);
    if (!home) return;  // toast only
    const { panel, block, field } = home;
    clearNotes(topPanelOf(panel));
    const note = document.createElement("div");
    note.className = "pg-error-note";
    note.setAttribute("role", "alert");
    note.textContent = "⚠️ " + text;
    if (block) block.append(note); else panel.prepend(note);  // inside the box's block: never a new row item
    note.pgField = field || null;
    note.pgControl = control && block && !field ? block : null;
    return note;
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
  // Gradio's own English lines that reach a toast (its upload box checks the file type in the page).
  const FILE_TYPE = /^Invalid file types?: (.+)\. Only (.+) allowed\.$/;
  const translateGradio = () => document.querySelectorAll(".toast-message-text").forEach((el) => {
    const found = FILE_TYPE.exec(el.textContent.trim());
    if (found) el.textContent = say("common.file_type", { names: found[1], types: found[2] });
  });
  const phone = window.matchMedia("(max-width: 640px)");
  phone.addEventListener("change", () => fitCards());
  const readToasts = () => {
    handedOver();
    if (!restored && (restored = restoreKept())) document.body.dataset.pgKept = "done";
    markLanguage();
    retitle();
    dedupe();
    document.querySelectorAll(".toast-wrap").forEach((wrap) => wrap.classList.toggle("pg-toasts-low", phone.matches));
    translateGradio();
    const fresh = [...document.querySelectorAll(".toast-body.error .toast-message-text")].filter((el) => !seen.has(el));
    fresh.forEach((el) => seen.add(el));
    const last = fresh.map((el) => el.innerText.trim()).filter(Boolean).pop();
    if (last && armed) armed.failed = true;  // a refused run: its note stays in view, nothing scrolls
    if (last) showNote(last, lastControl);
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; readToasts(); recount(); followRun(); fitCards(); switchWhenIdle(); });
  }).observe(document.body, { childList: true, subtree: true });
  const acted = (event) => {
    if (event.isTrusted && event.type !== "change") handled = true;
    if (event.type !== "change") touch(event);
    if (event.target && event.target.closest && event.target.closest(".toast-wrap")) return;  // closing a toast
    lastPanel = panelOf(event.target) || "outside";
    const button = event.target.closest && event.target.closest("button.primary, button.secondary, button.stop");
    lastControl = event.target.closest && !button ? event.target.closest(".block") : null;
    if (lastControl && lastControl.querySelector("textarea")) lastControl = null;
    // acting on the control again (another file, another pick, its clear button): its old note goes
    if (lastControl) {
      document.querySelectorAll(".pg-error-note").forEach((n) => { if (n.pgControl === lastControl) n.remove(); });
    }
    if (armed) armed.scrolled = armed.scrolled || event.type === "keydown";
  };
  document.addEventListener("input", touch, true);  // typed or pasted into a slider's box (no key needed)
  document.addEventListener("pointerdown", acted, true);
  document.addEventListener("keydown", acted, true);
  document.addEventListener("change", acted, true);  // a file chosen or dropped, a value picked
  document.addEventListener("drop", acted, true);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.primary, button.lg.primary");
    if (!button) return;
    clearNotes(topPanelOf(button));
    // A run asked for: the settings and boxes already put back are the student's now (a run's own output, its
    // seed, is never set back to the kept value; nor is one of them clicked while the run reads it).
    // Those still watched are set once more first (a component drawn a moment ago can have put its own value
    // back): this listener runs before the button's own, so the run reads them.
    if (kept && event.isTrusted) {
      kept.settings = (kept.settings || []).filter((k) => {
        if (!k.since) return true;  // not drawn yet
        const home = document.getElementById(k.home);
        const el = home && settingsIn(home, k.section ?? -1, k.kind)[k.index];
        if (el && !touched.has(el)) putSetting(k, el);
        return false;
      });
      kept.fields = (kept.fields || []).filter((f) => !f.since);
    }
    const panel = panelOf(button);  // none for a main button outside the tabs (the teacher's controls)
    armed = panel ? { panel, busy: false, scrolled: false } : null;
  }, true);

  // Errors of events wired with queue=False: Gradio answers HTTP 500 with the message and shows nothing.
  const COMPONENT_IDS = new Map();  // Gradio's component id -> the element's id (its elem_id, else component-<id>)
  const controlOf = (id) => {
    if (typeof id !== "number") return null;
    if (!COMPONENT_IDS.size) {
      const config = window.gradio_config;
      ((config && config.components) || [])
        .forEach((c) => COMPONENT_IDS.set(c.id, (c.props && c.props.elem_id) || null));
    }
    return document.getElementById(COMPONENT_IDS.get(id) || "component-" + id);
  };
  const unescape = (text) => {  // the server escapes <, > and & (the toast renders HTML; a note shows text)
    const box = document.createElement("textarea");
    box.innerHTML = text;
    return box.value;
  };
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : (input && input.url) || "";
    let trigger = null;
    if (/\/run\/predict\/?(\?|$)/.test(url) && init && typeof init.body === "string") {
      try { trigger = JSON.parse(init.body).trigger_id; } catch (e) { trigger = null; }
    }
    const answer = await realFetch(input, init);
    if (trigger !== null && answer.status >= 400) {
      answer.clone().json().then((body) => {
        const text = body && typeof body.error === "string" ? unescape(body.error).trim() : "";
        if (text) showNote(text, controlOf(trigger) || lastControl);
      }).catch(() => {});
    }
    return answer;
  };

  // On a phone: the result of a run in view once the run ends, unless the student scrolled meanwhile.
  let armed = null;  // { panel, busy, scrolled, failed } from a main button's click until its run ends
  const BUSY = ".wrap:not(.hide):is(.generating, .translucent, .pending), .eta-bar, .progress-text";
  const OUTPUTS = "[id$='-output'], .block:has([data-testid=label]), .block:has(.grid-wrap)";
  const mainOutput = (panel) => {
    const blocks = [...panel.querySelectorAll(OUTPUTS)];
    return blocks.find((el) => visible(el)) || null;
  };
  const followRun = () => {
    if (!armed) return;
    const busy = [...armed.panel.querySelectorAll(BUSY)].some((el) => visible(el) && !el.closest(".hide"));
    if (busy) { armed.busy = true; return; }
    if (!armed.busy) return;
    const { panel, scrolled, failed } = armed;
    armed = null;
    if (scrolled || failed || !phone.matches) return;
    const output = mainOutput(panel);
    if (!output) return;
    const box = output.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) return;  // already in view
    if (box.top < window.innerHeight * 0.5 && box.top >= 0) return;  // its top is well in view: no jump
    window.scrollTo({ top: window.scrollY + box.top - 8, behavior: "smooth" });
  };
  const scrolledByHand = () => { if (armed) armed.scrolled = true; };
  window.addEventListener("wheel", scrolledByHand, { passive: true });
  window.addEventListener("touchmove", scrolledByHand, { passive: true });

  // On a phone a model card shows its first lines, and "more" shows the rest.
  const CARD_TEXT = ".prose, .md";
  const fitCards = () => document.querySelectorAll(".pg-card").forEach((card) => {
    if (card.parentElement && card.parentElement.closest(".pg-card")) return;  // Gradio gives the class twice
    const short = phone.matches;
    if (card.classList.contains("pg-card-short") !== short) card.classList.toggle("pg-card-short", short);
    let toggle = [...card.children].find((el) => el.classList.contains("pg-card-more"));
    if (!short) { if (toggle) toggle.hidden = true; return; }
    if (!toggle) {
      toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "pg-card-more";
      toggle.addEventListener("click", () => { card.classList.toggle("pg-card-open"); fitCards(); });
      card.append(toggle);
    }
    const open = card.classList.contains("pg-card-open");
    const text = card.querySelector(CARD_TEXT);
    const hidden = !open && (!text || text.scrollHeight <= text.clientHeight + 2);
    if (toggle.hidden !== hidden) toggle.hidden = hidden;
    const label = say(open ? "common.less" : "common.more");
    if (toggle.textContent !== label) toggle.textContent = label;
    if (toggle.getAttribute("aria-expanded") !== String(open)) toggle.setAttribute("aria-expanded", String(open));
  });

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
  setInterval(() => {
    recount();
    handedOver(true);
    if (!restored && (restored = restoreKept())) document.body.dataset.pgKept = "done";  // what tests wait for
    switchWhenIdle();
  }, 1000);
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
