// The deck's player: one slide at a time; keys and clicks move between slides.
// Right arrow, space, Page Down, Enter or a click: next. Left arrow, Page Up,
// Backspace: previous. Home/End: first/last. F: full screen.
// A clip plays from its start, with its beat's speech, when reached going
// forward, and is shown as it ended when reached going back; a looping clip says
// its speech once, then plays on silently until the next move. Browsers allow
// sound only after the page has been clicked (or a key pressed): the deck opens
// on a chapter's title, so the first clip is always reached by a click or a key.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("slides").textContent);
  const deck = document.getElementById("deck");
  const counter = document.getElementById("counter");
  const NEXT = new Set(["ArrowRight", "ArrowDown", " ", "PageDown", "Enter"]);
  const PREVIOUS = new Set(["ArrowLeft", "ArrowUp", "PageUp", "Backspace"]);
  let current = -1;

  function element(tag, className, text) {
    const made = document.createElement(tag);
    made.className = className;
    made.textContent = text;
    return made;
  }

  function makeView(slide) {
    let view;
    if (slide.clip) {
      view = document.createElement("video");
      view.src = slide.clip;
      view.playsInline = true;
      view.preload = "auto";
      view.loop = false;
      view.setAttribute("aria-label", slide.title);
      if (slide.loop) {
        // Said once; then round and round without the speech.
        view.addEventListener("ended", () => {
          if (views[current] !== view) return;
          view.muted = true;
          view.loop = true;
          view.currentTime = 0;
          play(view);
        });
      }
    } else {
      view = element("section", "chapter", "");
      view.append(
        element("p", "kicker", slide.kicker),
        element("h1", "", slide.title),
        element("p", "lecture", data.title),
      );
    }
    view.classList.add("slide");
    view.hidden = true;
    deck.append(view);
    return view;
  }

  const views = data.slides.map(makeView);

  function play(view) {
    view.play().catch((error) => {
      if (error.name === "NotAllowedError" && !view.muted) {
        // No sound allowed yet (the page was never clicked): play it muted.
        view.muted = true;
        play(view);
      } else if (error.name !== "AbortError") {
        // AbortError: a later move paused the clip before it started.
        throw error;
      }
    });
  }

  function show(index) {
    index = Math.max(0, Math.min(views.length - 1, index));
    if (index === current) return;
    const forward = index > current;
    const view = views[index];
    current = index;
    counter.textContent = `${index + 1} / ${views.length}`;
    // The old slide stays up until the new one has its picture: no flash.
    const reveal = () => {
      if (views[current] !== view) return;
      for (const other of views) {
        other.hidden = other !== view;
        if (other !== view && other.tagName === "VIDEO") other.pause();
      }
    };
    if (view.tagName !== "VIDEO") {
      reveal();
    } else if (forward || data.slides[index].loop) {
      view.addEventListener("playing", reveal, { once: true });
      view.loop = false;
      view.muted = false;
      view.currentTime = 0;
      play(view);
    } else {
      view.pause();
      const toEnd = () => {
        view.addEventListener("seeked", reveal, { once: true });
        view.currentTime = view.duration;
      };
      if (view.readyState >= HTMLMediaElement.HAVE_METADATA) toEnd();
      else view.addEventListener("loadedmetadata", toEnd, { once: true });
    }
  }

  function target(key) {
    if (NEXT.has(key)) return current + 1;
    if (PREVIOUS.has(key)) return current - 1;
    if (key === "Home") return 0;
    if (key === "End") return views.length - 1;
    return null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "f" || event.key === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
      return;
    }
    const index = target(event.key);
    if (index === null) return;
    event.preventDefault();
    show(index);
  });
  deck.addEventListener("click", () => show(current + 1));

  show(0);
})();
