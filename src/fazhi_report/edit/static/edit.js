// fazhi-report edit: the facts file as a form, the report beside it.
//
// The form is drawn from the field list the server reads from the facts model's JSON Schema
// (edit/form.py): one widget per kind of field. The page holds the facts as plain data (every
// value text, as the project's loader reads the file) and sends all of it, debounced, with each
// change; the server writes it into the file's text, checks it as `validate` does, and answers
// with the notes and the report's html page, shown in the iframe without reloading this page.
"use strict";

(() => {
  const TOKEN = document.querySelector('meta[name="fazhi-token"]').content;
  const DEBOUNCE_MS = 300;
  // Short lists that sit with the other basic facts rather than in a section of their own.
  const BASIC_LISTS = new Set(["抄送", "署名", "汇总"]);

  const S = {
    mode: "form", data: null, text: "", form: null, notes: [], dirty: false,
    seq: 0, timer: null, busy: null, lastText: null, preview: null, refs: "",
  };

  const $ = (selector) => document.querySelector(selector);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name in node && typeof value !== "string") node[name] = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  // The path as `validate` prints it: keys joined by ".", list items as [n] counted from 1.
  function pathText(parts) {
    let out = "";
    for (const part of parts) {
      if (typeof part === "number") out += `[${part + 1}]`;
      else out += (out ? "." : "") + part;
    }
    return out;
  }

  // --- talking to the server ----------------------------------------------------------------

  async function api(path, body) {
    const headers = { "X-Fazhi-Token": TOKEN };
    const options = { headers };
    if (body !== undefined) {
      options.method = "POST";
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const text = await response.text();
    let json;
    try { json = JSON.parse(text); } catch (e) { json = { error: text }; }
    if (!response.ok) {
      const error = new Error(json.error || `服务器返回 ${response.status}`);
      error.conflict = Boolean(json.conflict);
      throw error;
    }
    return json;
  }

  function payload() {
    return S.mode === "form" ? { data: S.data } : { text: S.text };
  }

  function changed() {
    S.dirty = true;
    showStatus();
    refreshRefs();
    clearTimeout(S.timer);
    S.timer = setTimeout(sendUpdate, DEBOUNCE_MS);
  }

  async function sendUpdate() {
    clearTimeout(S.timer);
    S.timer = null;
    const seq = ++S.seq;
    $("#status").textContent = "正在检查……";
    const request = api("/api/update", payload());
    S.busy = request;
    try {
      const answer = await request;
      if (seq === S.seq) applyCheck(answer);
    } catch (error) {
      if (seq === S.seq) { showMessage(error.message, true); showStatus(); }
    }
  }

  // Any change still waiting for its debounce goes out (and is answered) first.
  async function flush() {
    if (S.timer) await sendUpdate();
    else if (S.busy) { try { await S.busy; } catch (e) { /* shown already */ } }
  }

  function applyCheck(answer) {
    S.notes = answer.notes || [];
    S.dirty = Boolean(answer.dirty);
    showStatus(answer);
    showNotes();
    showPreview(answer.preview);
  }

  // --- status, messages, notes, preview -----------------------------------------------------

  function showStatus(answer) {
    const status = $("#status");
    status.textContent = S.dirty ? "有未保存的修改" : "已保存";
    status.classList.toggle("dirty", S.dirty);
    if (answer) S.counts = [answer.errors || 0, answer.warnings || 0];
  }

  function showMessage(text, error) {
    const box = $("#message");
    box.hidden = !text;
    box.textContent = text || "";
    box.classList.toggle("error", Boolean(error));
  }

  function noteBox(note) {
    const text = note.hint ? `${note.message}\n提示：${note.hint}` : note.message;
    return el("div", { class: `note ${note.level}`, text });
  }

  // The field a note is about: the one its path names, or the nearest one above it.
  function fieldFor(parts) {
    for (let size = parts.length; size > 0; size--) {
      const path = pathText(parts.slice(0, size));
      const found = document.querySelector(`#form [data-path="${CSS.escape(path)}"]`);
      if (found) return found;
    }
    return null;
  }

  function showNotes() {
    for (const old of document.querySelectorAll("#form .note")) old.remove();
    for (const old of document.querySelectorAll("#form .has-error")) old.classList.remove("has-error");
    const summary = $("#summary");
    summary.replaceChildren();
    const [errors, warnings] = S.counts || [0, 0];
    const counts = errors || warnings
      ? `${errors} 处错误，${warnings} 条警告` + (errors ? "：改正后才能生成报告" : "")
      : "✓ 没有发现问题";
    summary.append(el("div", { class: `counts${errors || warnings ? "" : " ok"}`, text: counts }));
    const list = el("ul");
    for (const note of S.notes) {
      const field = S.mode === "form" ? fieldFor(note.parts) : null;
      if (field) {
        const slot = field.querySelector(":scope > .notes, :scope > td > .notes") || field;
        slot.append(noteBox(note));
        if (note.level === "error") field.classList.add("has-error");
      }
      const where = note.path || note.where || "文件";
      const item = el("li", { class: note.level, text: `${where}：${note.message}`, title: note.hint || "" });
      item.addEventListener("click", () => {
        if (!field) return;
        field.scrollIntoView({ block: "center" });
        const input = field.querySelector("input, textarea, select");
        if (input) input.focus();
      });
      list.append(item);
    }
    if (S.notes.length) summary.append(list);
  }

  function showPreview(html) {
    const frame = $("#preview");
    const state = $("#preview-state");
    if (html === null || html === undefined) {
      frame.classList.add("stale");
      state.textContent = "（事实有错误，暂时显示上一次的预览）";
      return;
    }
    frame.classList.remove("stale");
    state.textContent = "";
    if (html === S.preview) return;
    S.preview = html;
    let y = 0;
    try { y = frame.contentWindow.scrollY; } catch (e) { y = 0; }
    frame.onload = () => { try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* empty */ } };
    frame.srcdoc = html;
  }

  // --- editing plain data ---------------------------------------------------------------------

  // Sets `key` in `obj` where the model puts it (after the keys that come before it), so a
  // new key lands in the file where a clerk would look for it.
  function setKey(obj, key, value, order) {
    if (Object.prototype.hasOwnProperty.call(obj, key)) { obj[key] = value; return; }
    const at = order.indexOf(key);
    const entries = Object.entries(obj);
    let index = entries.length;
    for (let i = 0; i < entries.length; i++) {
      if (order.indexOf(entries[i][0]) > at) { index = i; break; }
    }
    entries.splice(index, 0, [key, value]);
    replaceEntries(obj, entries);
  }

  function replaceEntries(obj, entries) {
    for (const key of Object.keys(obj)) delete obj[key];
    for (const [key, value] of entries) obj[key] = value;
  }

  function renameKey(obj, from, to) {
    replaceEntries(obj, Object.entries(obj).map(([k, v]) => [k === from ? to : k, v]));
  }

  function keyOf(obj, field) {
    if (obj && Object.prototype.hasOwnProperty.call(obj, field.key)) return field.key;
    if (obj && Object.prototype.hasOwnProperty.call(obj, field.name)) return field.name;
    return field.key;
  }

  function move(list, index, by) {
    const to = index + by;
    if (to < 0 || to >= list.length) return;
    [list[index], list[to]] = [list[to], list[index]];
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // A holder is where a field's value lives: an object that may not be in the data yet (a
  // nested model the file does not have); `attach` puts it there on the first value typed.
  function holder(obj, attach) {
    return { obj, attach: attach || (() => {}) };
  }

  // --- the form -------------------------------------------------------------------------------

  function render() {
    const form = $("#form");
    const left = $("#left");
    const scroll = left.scrollTop;
    form.replaceChildren();
    const root = S.form.models[S.form.root];
    const here = holder(S.data);
    const basic = el("div", { class: "grid" });
    const sections = [];
    for (const field of root.fields) {
      const simple = field.kind === "text" || field.kind === "choice" || BASIC_LISTS.has(field.key);
      if (simple) {
        basic.append(renderField(field, here, root, []));
      } else {
        const section = el("section", { class: "block", id: `sec-${field.key}` },
          el("h2", { text: field.key }, field.description ? el("span", { class: "desc", text: field.description }) : null));
        section.append(renderField(field, here, root, [], true));
        sections.push(section);
      }
    }
    form.append(el("section", { class: "block", id: "sec-basic" }, el("h2", { text: "基本信息" }), basic));
    form.append(...sections);
    const unknown = unknownKeys(here, root, []);
    if (unknown.length) {
      form.append(el("section", { class: "block", id: "sec-unknown" },
        el("h2", { text: "其他键" }, el("span", { class: "desc", text: "事实文件中有、但不属于任何一项的键" })),
        ...unknown));
    }
    for (const area of form.querySelectorAll("textarea")) autoGrow(area);
    renderToc(root, unknown.length > 0);
    refreshRefs(true);
    showNotes();
    left.scrollTop = scroll;
  }

  function renderToc(root, unknown) {
    const toc = $("#toc");
    toc.replaceChildren(el("a", { href: "#sec-basic", text: "基本信息" }));
    for (const field of root.fields) {
      if (document.getElementById(`sec-${field.key}`)) {
        toc.append(el("a", { href: `#sec-${field.key}`, text: field.key }));
      }
    }
    if (unknown) toc.append(el("a", { href: "#sec-unknown", text: "其他键" }));
  }

  function renderModel(name, here, parts) {
    const model = S.form.models[name];
    const nodes = model.fields.map((field) => renderField(field, here, model, parts));
    return [...nodes, ...unknownKeys(here, model, parts)];
  }

  function fieldBox(field, parts, bare) {
    const box = el("div", { class: "field", "data-path": pathText(parts) });
    if (!bare) {
      box.append(el("label", { text: field.key }, field.required ? el("span", { class: "req", text: "*" }) : null));
      if (field.description && field.kind !== "objects") {
        box.append(el("div", { class: "desc", text: field.description }));
      }
    }
    box.append(el("div", { class: "notes" }));
    return box;
  }

  function renderField(field, here, model, parts, bare) {
    const key = keyOf(here.obj, field);
    const path = [...parts, key];
    const box = fieldBox(field, path, bare);
    const value = here.obj ? here.obj[key] : undefined;
    const order = model.fields.map((f) => f.key);
    const widget = {
      text: textField, choice: choiceField, lines: linesField, object: objectField,
      objects: objectsField, figures: pairsField, pairs: pairsField,
    }[field.kind] || textField;
    box.insertBefore(widget(field, here, key, value, order, path), box.querySelector(".notes"));
    return box;
  }

  function setValue(here, key, value, order, required) {
    if ((value === "" || value === undefined) && !required) {
      if (Object.prototype.hasOwnProperty.call(here.obj, key)) delete here.obj[key];
    } else {
      setKey(here.obj, key, value, order);
      here.attach();
    }
    changed();
  }

  function textField(field, here, key, value, order) {
    if (value !== undefined && value !== null && typeof value !== "string") return rawValue(value);
    const attrs = { type: "text", value: value || "", "aria-label": field.key };
    if (field.key === "模板") attrs.list = "templates";
    if (field.key === "成文日期") attrs.placeholder = "如 2025-02-20";
    const input = el("input", attrs);
    input.addEventListener("input", () => setValue(here, key, input.value, order, field.required));
    return input;
  }

  function choiceField(field, here, key, value, order) {
    if (value !== undefined && value !== null && typeof value !== "string") return rawValue(value);
    const choices = [...field.choices];
    if (value && !choices.includes(value)) choices.unshift(value);
    const select = el("select", { "aria-label": field.key },
      el("option", { value: "", text: "（不填）" }),
      choices.map((c) => el("option", { value: c, text: c, selected: c === value })));
    select.addEventListener("change", () => setValue(here, key, select.value, order, field.required));
    return select;
  }

  // As tall as its text (the page grows, not the box's scroll bar); measured once it is shown.
  function autoGrow(area) {
    area.style.height = "auto";
    if (area.scrollHeight) area.style.height = `${area.scrollHeight + 2}px`;
  }

  function textArea(value, label, onInput) {
    const area = el("textarea", { "aria-label": label, rows: 1 });
    area.value = value;
    autoGrow(area);
    area.addEventListener("input", () => { autoGrow(area); onInput(area.value); });
    return area;
  }

  function tools(list, index, after) {
    return el("span", { class: "tools" },
      el("button", { type: "button", class: "small", title: "上移", text: "↑", disabled: index === 0,
        onclick: () => { move(list, index, -1); after(); } }),
      el("button", { type: "button", class: "small", title: "下移", text: "↓", disabled: index === list.length - 1,
        onclick: () => { move(list, index, 1); after(); } }),
      el("button", { type: "button", class: "small", title: "删除", text: "✕",
        onclick: () => { list.splice(index, 1); after(); } }));
  }

  function structural(here, key, list) {
    return () => {
      if (Array.isArray(list) && list.length === 0 && Object.prototype.hasOwnProperty.call(here.obj, key)) {
        delete here.obj[key];
      }
      changed();
      render();
    };
  }

  // Paragraphs or a list of texts; a file may hold one text where a list is allowed.
  function linesField(field, here, key, value, order, path) {
    const box = el("div", { class: "lines" });
    const add = (make) => el("button", { type: "button", class: "add", text: "＋ 添加一段", onclick: () => {
      const list = make();
      list.push("");
      setKey(here.obj, key, list, order);
      here.attach();
      changed();
      render();
      focusLast(pathText([...path, list.length - 1]));
    } });
    if (typeof value === "string") {
      box.append(textArea(value, field.key, (text) => setValue(here, key, text, order, field.required)));
      box.append(add(() => [value]));
      return box;
    }
    if (value !== undefined && value !== null && !Array.isArray(value)) return rawValue(value);
    const list = value || [];
    const after = structural(here, key, list);
    list.forEach((item, index) => {
      const line = el("div", { class: "line" });
      if (typeof item === "string" || item === null) {
        line.append(textArea(item || "", `${field.key}第${index + 1}段`, (text) => { list[index] = text; changed(); }));
      } else {
        line.append(rawValue(item));
      }
      line.append(tools(list, index, after));
      box.append(el("div", { class: "field", "data-path": pathText([...path, index]) }, line, el("div", { class: "notes" })));
    });
    box.append(add(() => list));
    return box;
  }

  function focusLast(path) {
    const field = document.querySelector(`#form [data-path="${CSS.escape(path)}"]`);
    const input = field && field.querySelector("input, textarea, select");
    if (input) { input.scrollIntoView({ block: "center" }); input.focus(); }
  }

  function objectField(field, here, key, value, order, path) {
    if (value !== undefined && value !== null && !isObject(value)) return rawValue(value);
    const obj = value || {};
    const inner = holder(obj, () => {
      if (here.obj[key] !== obj) { setKey(here.obj, key, obj, order); here.attach(); }
    });
    const box = el("fieldset", { class: "object" });
    if (S.form.models[field.model].description) {
      box.append(el("div", { class: "desc help", text: S.form.models[field.model].description }));
    }
    box.append(...renderModel(field.model, inner, path));
    return box;
  }

  function newItem(modelName) {
    const item = {};
    for (const field of S.form.models[modelName].fields) if (field.required) item[field.key] = "";
    return item;
  }

  function objectsField(field, here, key, value, order, path) {
    if (value !== undefined && value !== null && !Array.isArray(value)) return rawValue(value);
    const list = value || [];
    const model = S.form.models[field.model];
    const after = structural(here, key, list);
    const box = el("div", { class: "objects" });
    list.forEach((item, index) => {
      const itemPath = [...path, index];
      const card = el("div", { class: "card field", "data-path": pathText(itemPath) });
      const title = isObject(item) ? (item["标题"] || item["名称"] || "") : "";
      card.append(el("div", { class: "head" },
        el("span", { class: "title", text: `${model.title} ${index + 1}${title ? "：" + title : ""}` }),
        tools(list, index, after)));
      card.append(el("div", { class: "notes" }));
      if (isObject(item)) card.append(...renderModel(field.model, holder(item), itemPath));
      else card.append(rawValue(item));
      box.append(card);
    });
    box.append(el("button", { type: "button", class: "add", text: `＋ 添加${model.title}`, onclick: () => {
      list.push(newItem(field.model));
      setKey(here.obj, key, list, order);
      here.attach();
      changed();
      render();
      focusLast(pathText([...path, list.length - 1]));
    } }));
    return box;
  }

  // 数据 (name → figure, the catalogue offered as names) and 章节标题 (free keys).
  function pairsField(field, here, key, value, order, path) {
    if (value !== undefined && value !== null && !isObject(value)) return rawValue(value);
    const obj = value || {};
    const attach = () => {
      if (here.obj[key] !== obj) { setKey(here.obj, key, obj, order); here.attach(); }
    };
    const figures = field.kind === "figures";
    const body = el("tbody");
    const table = el("table", { class: "pairs" },
      el("thead", {}, el("tr", {}, el("th", { text: "名称" }), el("th", { text: figures ? "数字（照报告中的写法，如 2300余起）" : "内容" }), el("th"))),
      body);
    const row = (name, item) => {
      const tr = el("tr", { class: "field", "data-path": pathText([...path, name]) });
      let current = name;
      const nameInput = el("input", { type: "text", class: "name", value: name, "aria-label": "名称",
        list: figures ? "indicators" : null, placeholder: figures ? "如 调解矛盾纠纷" : "" });
      const valueCell = typeof item === "string" || item === null || item === undefined
        ? el("input", { type: "text", class: "value", value: item || "", "aria-label": `${name || "新"}的数字` })
        : rawValue(item);
      nameInput.addEventListener("input", () => {
        const wanted = nameInput.value.trim();
        const clash = wanted !== current && Object.prototype.hasOwnProperty.call(obj, wanted);
        nameInput.classList.toggle("invalid", clash);
        nameInput.title = clash ? "已有同名的一项" : "";
        if (clash) return;
        if (current === "" && wanted !== "") {
          setKey(obj, wanted, valueCell.value === undefined ? "" : valueCell.value, Object.keys(obj));
          attach();
        } else if (wanted === "") {
          delete obj[current];
        } else {
          renameKey(obj, current, wanted);
        }
        current = wanted;
        tr.dataset.path = pathText([...path, wanted]);
        changed();
      });
      if (valueCell.tagName === "INPUT") {
        valueCell.addEventListener("input", () => {
          if (current === "") return;
          obj[current] = valueCell.value;
          attach();
          changed();
        });
      }
      const remove = el("button", { type: "button", class: "small", text: "✕", title: "删除这一项", onclick: () => {
        if (current !== "") delete obj[current];
        if (Object.keys(obj).length === 0 && here.obj[key] === obj) delete here.obj[key];
        changed();
        render();
      } });
      tr.append(el("td", { class: "name" }, nameInput), el("td", {}, valueCell, el("div", { class: "notes" })),
        el("td", { class: "tools" }, remove));
      return tr;
    };
    for (const [name, item] of Object.entries(obj)) body.append(row(name, item));
    const add = el("button", { type: "button", class: "add", text: figures ? "＋ 添加数据" : "＋ 添加一项", onclick: () => {
      const tr = row("", "");
      body.append(tr);
      tr.querySelector("input").focus();
    } });
    return el("div", {}, table, add);
  }

  // Keys the model does not have (a typo, say): shown with the validator's message, renamable.
  function unknownKeys(here, model, parts) {
    if (!isObject(here.obj)) return [];
    const known = new Set(model.fields.flatMap((f) => [f.key, f.name]));
    return Object.keys(here.obj).filter((k) => !known.has(k)).map((key) => {
      let current = key;
      const box = el("div", { class: "field unknown", "data-path": pathText([...parts, key]) });
      const name = el("input", { type: "text", value: key, "aria-label": "键名" });
      name.addEventListener("change", () => {
        const wanted = name.value.trim();
        if (!wanted || wanted === current || Object.prototype.hasOwnProperty.call(here.obj, wanted)) {
          name.value = current;
          return;
        }
        renameKey(here.obj, current, wanted);
        current = wanted;
        changed();
        render();
      });
      box.append(el("div", { class: "label", text: "这个键不属于事实文件的任何一项（可改名或删除）：" }),
        el("div", { class: "line" }, name,
          el("button", { type: "button", class: "small", text: "✕", title: "删除这个键及其内容", onclick: () => {
            delete here.obj[current];
            changed();
            render();
          } })),
        rawValue(here.obj[key]), el("div", { class: "notes" }));
      return box;
    });
  }

  function rawValue(value) {
    return el("div", { class: "raw", text: typeof value === "string" ? value : JSON.stringify(value, null, 1) });
  }

  // --- {名称} references ----------------------------------------------------------------------

  function refreshRefs(force) {
    const names = S.mode === "form" && isObject(S.data) && isObject(S.data["数据"]) ? Object.keys(S.data["数据"]) : [];
    const key = names.join("\u0000");
    if (!force && key === S.refs) return;
    S.refs = key;
    const select = $("#ref-name");
    const before = select.value;
    select.replaceChildren(...names.map((n) => el("option", { value: n, text: `${n}（${S.data["数据"][n] || ""}）`, selected: n === before })));
    $("#ref-insert").disabled = names.length === 0;
  }

  function insertReference() {
    const target = S.lastText;
    const name = $("#ref-name").value;
    if (!target || !document.body.contains(target) || !name) {
      showMessage("请先点一下要插入引用的文字框（如某个条目的“内容”）。", true);
      return;
    }
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? start;
    const text = `{${name}}`;
    target.setRangeText(text, start, end, "end");
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.focus();
  }

  // --- the buttons ------------------------------------------------------------------------------

  async function act(work) {
    const buttons = document.querySelectorAll("#bar button");
    for (const b of buttons) b.disabled = true;
    try {
      await flush();
      await work();
    } catch (error) {
      if (error.conflict) {
        $("#conflict-text").textContent = error.message;
        $("#conflict").showModal();
      } else {
        showMessage(error.message, true);
      }
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  async function save() {
    const answer = await api("/api/save", payload());
    applyCheck(answer);
    showMessage(answer.message, false);
    if (S.mode === "text") await load();
  }

  async function build(format) {
    showMessage(format === "pdf" ? "正在生成 PDF（需要 LibreOffice，约需十几秒）……" : "正在生成……", false);
    const answer = await api("/api/build", { ...payload(), formats: [format] });
    applyCheck(answer);
    showMessage(answer.message, false);
  }

  async function openFolder() {
    const answer = await api("/api/open-folder", {});
    showMessage(answer.message, false);
  }

  async function close() {
    if (S.dirty && !window.confirm("有未保存的修改，确定不保存就关闭吗？")) return;
    S.dirty = false;
    await api("/api/stop", {});
    $("#closed").hidden = false;
  }

  async function load() {
    const state = await api("/api/state");
    S.mode = state.mode;
    S.data = state.data;
    S.text = state.text;
    S.form = state.form;
    document.title = `${state.name} · 填写事实文件`;
    $("#file-name").textContent = state.file;
    $("#indicators").replaceChildren(...state.indicators.map((i) => el("option", { value: i.name, label: `${i.area} · ${i.units}` })));
    $("#templates").replaceChildren(...state.templates.map((t) => el("option", { value: t.name, label: t.description })));
    $("#form").hidden = S.mode !== "form";
    $("#refbar").hidden = S.mode !== "form";
    $("#toc").hidden = S.mode !== "form";
    $("#textmode").hidden = S.mode !== "text";
    if (S.mode === "form") render();
    else $("#yaml-text").value = S.text;
    applyCheck(state);
  }

  function wire() {
    $("#save").addEventListener("click", () => act(save));
    $("#build-docx").addEventListener("click", () => act(() => build("docx")));
    $("#build-pdf").addEventListener("click", () => act(() => build("pdf")));
    $("#open-folder").addEventListener("click", () => act(openFolder));
    $("#close").addEventListener("click", () => act(close));
    $("#ref-insert").addEventListener("click", insertReference);
    $("#yaml-text").addEventListener("input", (event) => { S.text = event.target.value; changed(); });
    $("#form").addEventListener("focusin", (event) => {
      const t = event.target;
      if ((t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && !t.classList.contains("name")))) S.lastText = t;
    });
    $("#form").addEventListener("submit", (event) => event.preventDefault());
    $("#conflict-cancel").addEventListener("click", () => $("#conflict").close());
    $("#conflict-reload").addEventListener("click", async () => {
      $("#conflict").close();
      await api("/api/reload", {});
      await load();
      showMessage("已重新载入磁盘上的版本。", false);
    });
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        act(save);
      }
    });
    window.addEventListener("beforeunload", (event) => {
      if (S.dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  wire();
  load().catch((error) => showMessage(`无法打开：${error.message}`, true));
})();
