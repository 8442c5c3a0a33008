// Handläggare: the view, wired from one file per job, each holding its own state:
// - views/search.js: the search and its results;
// - views/card.js: the person card with masked values, re-masked after LIMITS.REVEAL_SECONDS, and
//   copying (views/reveal.js asks for the purpose of a reveal);
// - views/person-form.js (with views/person-record.js): create, edit, and rectify while restricted;
// - views/emergency.js: emergency access and its countdown;
// - views/marking.js: the protection marking and the restriction of processing, each with a reason.
// Every value shown comes from the core; nothing here decides what may be seen. While the account
// waits for data access, only its key is shown (views/access.js); once it holds the keys, the work
// and the accounts that wait for a grant from this handler.
import { $ } from "../lib/dom.js";
import { installCopyGuard } from "../lib/guard.js";
import { checkMyAccess, showHandlerPending } from "./access.js";
import { closeCard, currentCard, forgetRevealed, initCard, renderCard, showCard } from "./card.js";
import { initEmergency, relocalizeEmergency, resetEmergency } from "./emergency.js";
import { initMarking, relocalizeMarking, resetMarking } from "./marking.js";
import { hideForm, initPersonForm, renderFormText } from "./person-form.js";
import { initReveal, relocalizeReveal, resetReveal } from "./reveal.js";
import { initSearch, relocalizeSearch, resetSearch } from "./search.js";

/** Search, forms and the waiting accounts: shown only once the account holds the keys. */
function setWorking(ready) {
  $("#handler-work").hidden = !ready;
  showHandlerPending(ready);
}

export default {
  init() {
    initCard({ beforeShow: hideForm });
    initSearch();
    initReveal();
    initPersonForm();
    initEmergency({ card: currentCard, onGranted: showCard });
    initMarking({ card: currentCard, onUpdated: (view) => showCard(view, { focusHeading: false }) });
    installCopyGuard();
  },
  enter() {
    setWorking(false);
    checkMyAccess($("#view-handler"), setWorking);
  },
  relocalize() {
    relocalizeSearch();
    renderCard();
    relocalizeReveal();
    renderFormText();
    relocalizeMarking();
    relocalizeEmergency();
  },
  /** On lock and logout: nothing of the session stays in the page. */
  reset() {
    forgetRevealed();
    resetReveal();
    resetEmergency();
    resetMarking();
    hideForm();
    closeCard();
    resetSearch();
    $("#detail-empty").hidden = false;
    setWorking(false);
  },
};
