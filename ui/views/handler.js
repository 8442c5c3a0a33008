// Handläggare: the view, wired from one file per job, each holding its own state:
// - views/caseload.js (with views/caseload-names.js): "Mina personer", the start of the work — the
//   assigned persons, sortable and paged, and their names revealed a page at a time;
// - views/watchlist.js: "Bevakningar", the protection reviews that are overdue or due soon;
// - views/search.js: the search and its results;
// - views/card.js (with views/card-values.js): the person card with masked values, revealed one at a
//   time or a group at a time (views/reveal.js asks for the purpose) and masked again after
//   LIMITS.REVEAL_SECONDS, and copying;
// - views/person-form.js (with views/person-record.js): create, edit, and rectify while restricted;
// - views/emergency.js: emergency access and its countdown;
// - views/marking.js: the protection marking and the restriction of processing, each with a reason;
// - views/journal.js: the journal ("Anteckningar") on the card: read for a purpose, added to, corrected;
// - views/current-values.js: the edit form's masked fields (show the current value, clear the field);
// - views/draft.js: an unsaved form kept sealed across the idle lock (views/idle-warning.js says when)
//   and offered back after the next login;
// - views/requests.js: "Begäranden från enskilda", the open data-subject requests above "Mina personer";
//   views/request-page.js (with views/extract.js): one request step by step; views/rights.js (with
//   views/rights-dialogs.js): "Rättigheter och begäranden" on the card.
// - views/sweep.js (with views/destruction-list.js): "Gallring", the sweep and the destruction lists.
// - views/import.js: "Importera deltagarlista", a CSV or XLSX list checked by the core, then imported.
// - views/register-export.js: "Mottagningsregister för en disk utan valv", the register exported for a
//   reception desk, encrypted for its key.
// Every value shown comes from the core; nothing here decides what may be seen. While the account
// waits for data access, only its key is shown (views/access.js); once it holds the keys, the work
// and the accounts that wait for a grant from this handler.
import { $ } from "../lib/dom.js";
import { installCopyGuard } from "../lib/guard.js";
import { checkMyAccess, showHandlerPending } from "./access.js";
import { closeCard, currentCard, forgetRevealed, initCard, openPerson, renderCard, showCard } from "./card.js";
import { focusCaseload, initCaseload, loadCaseload, relocalizeCaseload, resetCaseload } from "./caseload.js";
import { initRequests, loadRequests, resetRequests } from "./requests.js";
import { closeRequestPage, initRequestPage, openRequest } from "./request-page.js";
import { initRights, showRightsFor } from "./rights.js";
import { initEmergency, relocalizeEmergency, resetEmergency } from "./emergency.js";
import { initMarking, relocalizeMarking, resetMarking } from "./marking.js";
import { hideForm, initPersonForm, renderFormText } from "./person-form.js";
import { initCurrentTools } from "./current-values.js";
import { forgetDraft, initDraft, keepDraft, relocalizeDraft, resetDraft, takeDraft } from "./draft.js";
import { onWarning } from "./idle-warning.js";
import { initJournal } from "./journal.js";
import { initReveal, loadPurposes, relocalizeReveal, resetReveal } from "./reveal.js";
import { initSearch, relocalizeSearch, resetSearch } from "./search.js";
import { initSweep, relocalizeSweep, resetSweep } from "./sweep.js";
import { initImport, relocalizeImport, resetImport } from "./import.js";
import { initRegisterExport, relocalizeRegisterExport, resetRegisterExport } from "./register-export.js";

/** Search, list, forms and the waiting accounts: shown only once the account holds the keys. */
function setWorking(ready) {
  $("#handler-work").hidden = !ready;
  showHandlerPending(ready);
  if (ready) {
    loadCaseload();
    loadRequests();
  } else {
    resetCaseload();
    resetRequests();
    resetSweep();
    resetImport();
    resetRegisterExport();
  }
}

// A kept draft is asked for once per login, when the account holds its keys.
let draftAsked = false;

function ready(yes) {
  setWorking(yes);
  if (yes && !draftAsked) {
    draftAsked = true;
    takeDraft();
  }
}

export default {
  init(ctx) {
    initCard({
      beforeShow: () => {
        hideForm();
        closeRequestPage();
      },
      back: focusCaseload,
    });
    initRights({ card: currentCard });
    initRequests({ open: (item) => openRequest(item.request_id, { personRef: item.person_ref, initials: item.initials, from: "list" }) });
    initRequestPage({
      // Erased whole: the person is gone from the vault, and from the card and the lists.
      gone: () => {
        closeCard();
        loadCaseload();
      },
      toCard: async (personRef, requestId) => {
        await openPerson(personRef);
        await showRightsFor(personRef, requestId);
      },
    });
    initJournal({ card: currentCard, user: () => ctx.user });
    initCurrentTools({ card: currentCard });
    initDraft(ctx);
    onWarning(keepDraft);
    initCaseload();
    initSearch();
    initReveal();
    // A new person, a change to one: the list asks the core again (a new review date, a restriction).
    initPersonForm({ onSaved: loadCaseload, onEnded: forgetDraft });
    initEmergency({ card: currentCard, onGranted: showCard });
    initMarking({
      card: currentCard,
      onUpdated: (view) => {
        showCard(view, { focusHeading: false });
        loadCaseload();
      },
    });
    initSweep(ctx);
    // Imported persons are the importer's: the list asks the core again, as after creating one.
    initImport({ onImported: loadCaseload });
    initRegisterExport();
    installCopyGuard();
  },
  enter() {
    setWorking(false);
    draftAsked = false;
    // The vault's purposes for the reveal dialog, kept for the session.
    loadPurposes();
    checkMyAccess($("#view-handler"), ready);
  },
  relocalize() {
    relocalizeCaseload();
    relocalizeSearch();
    renderCard();
    relocalizeReveal();
    renderFormText();
    relocalizeMarking();
    relocalizeEmergency();
    relocalizeDraft();
    relocalizeSweep();
    relocalizeImport();
    relocalizeRegisterExport();
  },
  /** On lock and logout: nothing of the session stays in the page. */
  reset() {
    resetDraft();
    forgetRevealed();
    resetReveal();
    resetEmergency();
    resetMarking();
    hideForm();
    closeRequestPage();
    closeCard();
    resetSearch();
    resetCaseload();
    resetRequests();
    $("#caseload").hidden = false;
    setWorking(false);
  },
};
