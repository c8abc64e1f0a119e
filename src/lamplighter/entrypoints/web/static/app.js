// Lamplighter dashboard behaviour: sortable tables and clickable map locations. No framework.
(function () {
  "use strict";

  function cellValue(row, index) {
    const cell = row.cells[index];
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    const number = Number(raw.replace(/,/g, ""));
    return raw !== "" && !Number.isNaN(number) ? number : raw.toLowerCase();
  }

  function sortBy(table, header, index) {
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach((th) => th.removeAttribute("aria-sort"));
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = cellValue(a, index), y = cellValue(b, index);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
  }

  document.querySelectorAll("table.sortable").forEach((table) => {
    Array.from(table.tHead.rows[0].cells).forEach((th, index) => {
      th.addEventListener("click", () => sortBy(table, th, index));
    });
  });

  // CSV export of a table as shown (the table is the data; nothing is fetched again);
  // an edited quantity is exported as edited.
  function cellText(cell) {
    const input = cell.querySelector("input[type=number]");
    return input ? input.value : cell.textContent;
  }
  function csvCell(text) {
    const value = text.trim().replace(/\s+/g, " ");
    return /[",\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }
  document.querySelectorAll("[data-csv-table]").forEach((button) => {
    button.addEventListener("click", () => {
      const table = document.getElementById(button.dataset.csvTable);
      const lines = Array.from(table.rows).map((row) =>
        Array.from(row.cells).map((cell) => csvCell(cellText(cell))).join(","));
      const blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = button.dataset.csvName || "table.csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  });

  // Map: clicking a location loads its contents into the side panel.
  const panel = document.getElementById("location-panel");
  document.querySelectorAll("svg.map [data-location]").forEach((node) => {
    node.addEventListener("click", async () => {
      if (!panel) return;
      document.querySelectorAll("svg.map .selected").forEach((n) => n.classList.remove("selected"));
      node.classList.add("selected");
      const code = node.getAttribute("data-location");
      panel.innerHTML = "<p class='muted'>Loading " + code + "…</p>";
      const response = await fetch("/map/locations/" + encodeURIComponent(code), { credentials: "same-origin" });
      panel.innerHTML = response.ok ? await response.text() : "<p class='error'>Could not load " + code + ".</p>";
    });
  });

  // Picker: a hand scanner types the code and presses Enter. Enter in the location box
  // moves on to the SKU box instead of submitting half a confirmation.
  const locationScan = document.getElementById("location_scan");
  const skuScan = document.getElementById("sku_scan");
  if (locationScan && skuScan) {
    locationScan.focus();
    locationScan.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        skuScan.focus();
      }
    });
  }
})();
