/* Paper entry, keyboard first: one key per answer moves to the next question, Enter records the row in the
   background. Each row waits in this browser (localStorage) until the server has it, with its own one-time token,
   so a session that expires mid-pile loses nothing: sign in again in another tab and send the waiting rows (the
   server records a row once, whatever the number of tries). Without JavaScript the form posts row by row. */
(function () {
  "use strict";

  var KEYS = {
    satisfaction: "12340",
    yes_no: "on12",
    stars: "12345"
  };
  var SKIP = ". ";

  function allowed(input, key) {
    var scale = input.getAttribute("data-scale");
    if (SKIP.indexOf(key) >= 0) {
      return true;
    }
    if (scale === "choice") {
      var n = parseInt(key, 10);
      return n >= 1 && n <= parseInt(input.getAttribute("data-choices"), 10);
    }
    return (KEYS[scale] || "").indexOf(key.toLowerCase()) >= 0;
  }

  function token() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("saisie");
    if (!form) {
      return;
    }
    var storeKey = "vigie-saisie-" + form.getAttribute("data-vigie-paper");
    var cells = Array.prototype.slice.call(form.querySelectorAll("#ligne-en-cours input"));
    var body = document.getElementById("lignes");
    var current = document.getElementById("ligne-en-cours");
    var alertBox = document.getElementById("saisie-alerte");
    var resend = document.getElementById("renvoyer");
    var countNode = form.querySelector("[data-count]");
    var pileNode = form.querySelector("[data-pile]");
    var pile = document.getElementById("pile");
    var count = parseInt(countNode.textContent, 10) || 0;
    var sending = false;

    function pending() {
      try {
        return JSON.parse(window.localStorage.getItem(storeKey) || "[]");
      } catch (e) {
        return [];
      }
    }
    function save(rows) {
      window.localStorage.setItem(storeKey, JSON.stringify(rows));
    }
    function showCount() {
      countNode.textContent = String(count);
      var waiting = pending().length;
      var text = pile.value ? " sur une pile de " + pile.value : "";
      if (waiting) {
        text += " ; " + waiting + " en attente d'envoi";
      }
      pileNode.textContent = text;
    }
    function say(kind, html) {
      alertBox.className = "fr-alert fr-alert--" + kind + " fr-mb-3w";
      alertBox.innerHTML = html;
    }
    function addRow(label, values, waiting) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      tr.appendChild(th);
      values.forEach(function (value) {
        var td = document.createElement("td");
        td.textContent = value || ".";
        tr.appendChild(td);
      });
      if (waiting) {
        tr.setAttribute("data-waiting", waiting);
      }
      body.insertBefore(tr, current);
      return tr;
    }

    cells.forEach(function (input, index) {
      input.addEventListener("keydown", function (event) {
        if (input.getAttribute("data-scale") === "text" || event.key.length !== 1 || event.ctrlKey || event.metaKey) {
          return;
        }
        event.preventDefault();
        if (!allowed(input, event.key)) {
          say("error", "<p>Touche « " + event.key.replace(/[<>&]/g, "") + " » impossible pour cette question.</p>");
          return;
        }
        alertBox.className = "fr-mb-3w";
        alertBox.textContent = "";
        input.value = event.key === " " ? "." : event.key.toLowerCase();
        var next = cells[index + 1];
        (next || document.getElementById("enregistrer")).focus();
      });
    });

    function send() {
      if (sending) {
        return;
      }
      var rows = pending();
      if (!rows.length) {
        resend.hidden = true;
        showCount();
        return;
      }
      sending = true;
      var row = rows[0];
      var data = new FormData();
      Object.keys(row.fields).forEach(function (name) {
        data.append(name, row.fields[name]);
      });
      data.append("once", row.once);
      fetch(form.action || window.location.pathname, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json", "X-CSRFToken": cookie("csrftoken") || row.csrf }
      })
        .then(function (response) {
          if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
            throw new Error("session");
          }
          return response.json().then(function (json) {
            return { status: response.status, json: json };
          });
        })
        .then(function (result) {
          sending = false;
          var waitingRow = body.querySelector('[data-waiting="' + row.once + '"]');
          save(pending().filter(function (r) { return r.once !== row.once; }));
          if (result.status === 200) {
            count += 1;
            if (waitingRow) {
              waitingRow.removeAttribute("data-waiting");
              waitingRow.firstChild.textContent = String(result.json.number);
            }
            say("success", "<p>Questionnaire n° " + result.json.number + " enregistré : écrivez ce numéro sur le papier.</p>");
          } else {
            if (waitingRow) {
              waitingRow.parentNode.removeChild(waitingRow);
            }
            cells.forEach(function (input) {
              input.value = row.fields[input.name] || "";
            });
            say("error", "<p>Ligne non enregistrée : " + (result.json.errors || []).join(" ; ").replace(/[<>&]/g, "") + "</p>");
            cells[0].focus();
          }
          showCount();
          send();
        })
        .catch(function () {
          sending = false;
          resend.hidden = false;
          showCount();
          say(
            "warning",
            "<p>Votre session a expiré ou le serveur ne répond pas : " + pending().length +
              " questionnaire(s) attendent dans ce navigateur, rien n'est perdu. " +
              '<a href="/connexion/" target="_blank" rel="noopener">Reconnectez-vous dans un nouvel onglet</a>, ' +
              "puis choisissez « Envoyer les questionnaires en attente ». Vous pouvez continuer la saisie.</p>"
          );
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = { service: form.elements.service.value };
      var values = [];
      cells.forEach(function (input) {
        fields[input.name] = input.value;
        values.push(input.value);
      });
      var rows = pending();
      var once = token();
      rows.push({ once: once, fields: fields, csrf: form.elements.csrfmiddlewaretoken.value });
      save(rows);
      addRow("en attente", values, once);
      cells.forEach(function (input) {
        input.value = "";
      });
      cells[0].focus();
      showCount();
      send();
    });
    resend.addEventListener("click", send);
    pile.addEventListener("input", showCount);

    // Rows left waiting by an earlier visit (a session that expired, a closed tab): shown, then sent.
    pending().forEach(function (row) {
      addRow("en attente", cells.map(function (input) { return row.fields[input.name]; }), row.once);
    });
    showCount();
    send();
    cells[0].focus();
  });
})();
