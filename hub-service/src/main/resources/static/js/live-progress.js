// Keeps an alert's progress up to date while it goes out, without reloading the page: the element with
// data-progress-url names a JSON address (the alert page's, or the ops dashboard's) read every few seconds. Elements
// inside it name what they show: data-field (text at a path such as "channels.EMAIL.sent"), data-bar (a <progress>
// given a channel's finished and total), data-list (a list of texts), data-rows (table rows of cells; data-when-empty
// marks what shows instead while there are none; data-when-final, the text once reading stops). A status tag
// anywhere on the page with data-status-id follows that alert's status. Only the status is announced to screen
// readers (data-announce, a polite live region), not every count. Reading stops once nothing is going out any more.
// A file of its own: the pages allow no inline script. Without JavaScript the page shows the same, and a Refresh link.
const root = document.querySelector('[data-progress-url]');
const EVERY_MS = 3000;

if (root) {
  const url = root.getAttribute('data-progress-url');
  const live = root.querySelector('[data-announce]');
  // what the page said when it was rendered: only a change from it is announced
  let announced = live ? live.getAttribute('data-announce') : null;

  const at = (data, path) => path.split('.').reduce((o, key) => (o == null ? undefined : o[key]), data);

  const setText = (element, value) => {
    if (value !== undefined && value !== null && element.textContent !== String(value)) {
      element.textContent = String(value);
    }
  };

  const cell = (value) => {
    const td = document.createElement('td');
    td.className = 'govuk-table__cell';
    if (value && value.href) {
      const link = document.createElement('a');
      link.className = 'govuk-link';
      link.href = value.href;
      link.textContent = value.text;
      td.appendChild(link);
    } else {
      td.textContent = value && typeof value === 'object' ? value.text : value;
    }
    return td;
  };

  const show = (data) => {
    root.querySelectorAll('[data-field]').forEach((el) => setText(el, at(data, el.getAttribute('data-field'))));
    root.querySelectorAll('progress[data-bar]').forEach((bar) => {
      const channel = at(data, bar.getAttribute('data-bar'));
      if (channel) {
        bar.max = Math.max(channel.total, 1);
        bar.value = channel.finished;
      }
    });
    root.querySelectorAll('[data-list]').forEach((list) => {
      const items = at(data, list.getAttribute('data-list')) || [];
      list.replaceChildren(...items.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }));
      list.hidden = items.length === 0;
    });
    root.querySelectorAll('[data-rows]').forEach((body) => {
      const rows = at(data, body.getAttribute('data-rows')) || [];
      body.replaceChildren(...rows.map((cells) => {
        const tr = document.createElement('tr');
        tr.className = 'govuk-table__row';
        cells.forEach((value) => tr.appendChild(cell(value)));
        return tr;
      }));
      const table = body.closest('table');
      if (table) {
        table.hidden = rows.length === 0;
      }
      root.querySelectorAll('[data-when-empty="' + body.getAttribute('data-rows') + '"]').forEach((none) => {
        none.hidden = rows.length > 0;
      });
    });
    document.querySelectorAll('[data-status-id]').forEach((tag) => {
      const id = tag.getAttribute('data-status-id');
      const view = String(data.id) === id ? data : at(data, 'alerts.' + id);
      if (view) {
        setText(tag, view.statusText);
      }
    });
    if (live && data.announcement && data.announcement !== announced) {
      live.textContent = data.announcement;
      announced = data.announcement;
    }
    root.setAttribute('data-progress-live', data.live ? 'true' : 'false');
    if (!data.live) {
      root.querySelectorAll('[data-when-final]').forEach((note) => setText(note, note.getAttribute('data-when-final')));
    }
  };

  const read = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      const type = response.headers.get('Content-Type') || '';
      if (!response.ok || !type.includes('application/json')) {
        return; // signed out, or no longer allowed: the page stays as it is, and its Refresh link says why
      }
      const data = await response.json();
      show(data);
      if (!data.live) {
        return;
      }
    } catch (e) {
      // the hub did not answer this time: try again
    }
    window.setTimeout(read, EVERY_MS);
  };

  window.setTimeout(read, EVERY_MS);
}
