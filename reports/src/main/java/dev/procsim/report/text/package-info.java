/** Wording and numbers for people: translations (Lang), number and unit formats (Fmt, Units), HTML/XML escaping; used by every layer above the runs. */
package dev.procsim.report.text;
