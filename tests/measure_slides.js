// Measures every slide of an open reveal.js deck (see test_slides.py); run by page.evaluate.
//
// Waits until everything that changes the layout is done (reveal.js, MathJax, figures, fonts),
// then shows each slide, vertical sub-slides included, with all its fragments, and returns
// where its content reaches in canvas pixels: screen distances from the canvas's corner
// divided by reveal.js's scale. Content is what can be seen: text, figures, formulas and form
// controls (the boxes around them may stick out a little without hiding anything). Content
// that a box with overflow hidden or scrolling cuts off is counted apart, as "cut".
async () => {
  if (!Reveal.isReady()) await new Promise(resolve => Reveal.on('ready', resolve));
  if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
  await Promise.all(Array.from(document.images, image => image.decode().catch(() => null)));
  // Every font of the page, not only the first slide's: no slide is measured in a fallback.
  await Promise.all(Array.from(document.fonts, font => font.load().catch(() => null)));
  await document.fonts.ready;
  Reveal.configure({transition: 'none', backgroundTransition: 'none'});

  const canvas = document.querySelector('.reveal .slides');
  const range = document.createRange();
  const tolerance = 1;   // px: a glyph's box may poke out of its line by a hair
  const pictures = 'img, svg, canvas, video, iframe, mjx-math, input, select, button, textarea';
  // Inside a closed <details> (a folded solution) only the summary shows, but Chromium
  // still gives the folded content boxes when asked.
  const folded = element => {
    const details = element.closest('details:not([open])');
    return details !== null && !element.closest('summary')?.parentElement.isSameNode(details);
  };

  const results = [];
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    const fragments = Array.from(slide.querySelectorAll('.fragment'),
                                 fragment => Number(fragment.dataset.fragmentIndex || 0));
    Reveal.slide(h, v, fragments.length ? Math.max(...fragments) : undefined);
    Reveal.layout();
    const scale = Reveal.getScale(), origin = canvas.getBoundingClientRect();
    const inCanvas = box => ({left: (box.left - origin.left) / scale,
                              top: (box.top - origin.top) / scale,
                              right: (box.right - origin.left) / scale,
                              bottom: (box.bottom - origin.top) / scale});

    // The inner boxes (canvas px) of an element and of its ancestors that cut off content.
    const clippers = new Map();
    const clipping = element => {
      if (!element || element === slide) return [];
      if (!clippers.has(element)) {
        const style = getComputedStyle(element), outer = clipping(element.parentElement);
        const x = style.overflowX !== 'visible', y = style.overflowY !== 'visible';
        if (x || y) {
          const box = inCanvas(element.getBoundingClientRect());
          const left = box.left + element.clientLeft, top = box.top + element.clientTop;
          clippers.set(element, [...outer, {x, y, left, top, right: left + element.clientWidth,
                                            bottom: top + element.clientHeight}]);
        } else {
          clippers.set(element, outer);
        }
      }
      return clippers.get(element);
    };

    const reach = {left: Infinity, top: Infinity, right: 0, bottom: 0};
    const cut = [];
    const add = (screenBox, owner, what) => {   // what() names the content, if cut
      if (!screenBox.width && !screenBox.height) return;   // not rendered
      const box = inCanvas(screenBox);
      for (const side of ['left', 'top']) reach[side] = Math.min(reach[side], box[side]);
      for (const side of ['right', 'bottom']) reach[side] = Math.max(reach[side], box[side]);
      const hidden = clipping(owner).some(clip =>
        (clip.x && (box.left < clip.left - tolerance || box.right > clip.right + tolerance)) ||
        (clip.y && (box.top < clip.top - tolerance || box.bottom > clip.bottom + tolerance)));
      if (hidden) cut.push(what());
    };
    // A cut-off text: its line, for a text in a <pre> (code), or the text itself.
    const describe = text => () => {
      const block = text.parentElement.closest('pre');
      if (!block) return text.data.trim().slice(0, 50);
      const before = document.createRange();
      before.setStart(block, 0);
      before.setEnd(text, 0);
      const number = before.toString().split('\n').length;
      return `line ${number}: ${block.textContent.split('\n')[number - 1].trim().slice(0, 50)}`;
    };

    const texts = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      const text = texts.currentNode, owner = text.parentElement;
      // Formulas are measured whole, below.
      if (!text.data.trim() || owner.closest('mjx-container') || folded(owner)) continue;
      range.selectNodeContents(text);
      for (const box of range.getClientRects()) add(box, owner, describe(text));
    }
    for (const element of slide.querySelectorAll(pictures)) {
      const name = () => `<${element.localName}>`;
      if (!folded(element)) add(element.getBoundingClientRect(), element.parentElement, name);
    }
    results.push({
      h, v, scale,
      left: Math.round(reach.left), top: Math.round(reach.top),
      right: Math.round(reach.right), bottom: Math.round(reach.bottom),
      cut: [...new Set(cut)],
      cells: Array.from(slide.querySelectorAll('[id^="cell-id="]'), cell => cell.id.slice(8)),
      text: slide.innerText.trim().split(/\s+/).slice(0, 8).join(' '),
      math: slide.querySelectorAll('mjx-container').length,
    });
  }
  return results;
}
