// Systemförvaltare: the admin view, wired from its parts. Each part holds its own state:
// - views/accounts.js: the accounts (table, add form with a generated one-time password) and their
//   dialogs (views/account-dialogs.js: details, disable, reset/enable; views/one-time-password.js);
// - views/access.js: the accounts that wait for data access, the recovery code's grant, revoking;
// - views/assignments.js: who handles whom by ref, one assignment, moving every person of a handler;
// - views/settings.js: the settings (lock, the reception's clearing time);
// - views/purposes.js: the vault's purposes for revealing (labels, art. 9, offered, own ones);
// - views/incidents.js: "Uppgifter", the incident register (shared with the granskare's view);
// - views/duties.js: beside it, the art. 30 register's export and the destruction lists (read-only),
//   with views/certificate-check.js: a destruction certificate checked against the vault;
// - views/backup.js: "Säkerhetskopia", when the last backup was written and a new one written to a file.
// The admin never sees a person field and cannot grant data access (the recovery code can); the core
// refuses both anyway.
import accounts, { whenUsersLoaded } from "./accounts.js";
import assignments, { loadAssignments, refsOf, setUsers } from "./assignments.js";
import { loadAdminPending } from "./access.js";
import { initSettings, loadSettings, resetSettings } from "./settings.js";
import { initPurposes, loadPurposeEditor, relocalizePurposes, resetPurposes } from "./purposes.js";
import { enterIncidents } from "./incidents.js";
import duties, { enterDuties } from "./duties.js";
import backup, { enterBackup } from "./backup.js";

export default {
  init() {
    // Disabling or enabling a handler changes who can open whom: the overview is asked again.
    accounts.init({ refsOf, onChanged: loadAssignments });
    whenUsersLoaded(setUsers);
    assignments.init();
    initSettings();
    initPurposes();
    duties.init();
    backup.init();
  },
  enter() {
    accounts.enter();
    assignments.enter();
    loadAdminPending();
    loadSettings();
    loadPurposeEditor();
    enterIncidents("admin");
    enterDuties();
    enterBackup();
  },
  relocalize() {
    accounts.relocalize();
    assignments.relocalize();
    relocalizePurposes();
    duties.relocalize();
    backup.relocalize();
  },
  reset() {
    accounts.reset();
    assignments.reset();
    resetSettings();
    resetPurposes();
    duties.reset();
    backup.reset();
  },
};
