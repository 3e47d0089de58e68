// agora default theme: the small-screen menu toggle and "Copy" buttons on code blocks.
// Everything works without it; no dependencies, no network.
(function () {
  'use strict';

  // Menu toggle: the menu stays visible until this script runs, so it works without JS.
  var header = document.querySelector('.site-header');
  var toggle = header && header.querySelector('.nav-toggle');
  if (toggle) {
    var setOpen = function (open) {
      toggle.setAttribute('aria-expanded', String(open));
      header.classList.toggle('nav-open', open);
    };
    toggle.hidden = false;
    header.classList.add('nav-collapsible');
    toggle.addEventListener('click', function () {
      setOpen(toggle.getAttribute('aria-expanded') !== 'true');
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && toggle.getAttribute('aria-expanded') === 'true') {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // The docs sidebar is a <details>; CSS shows its contents on wide screens, and browsers
  // without ::details-content get it opened here.
  var side = document.querySelector('details.sidebar-wrap');
  if (side && !CSS.supports('selector(::details-content)') && window.matchMedia('(min-width: 56em)').matches)
    side.open = true;

  // Code blocks and tables that scroll sideways must be reachable from the keyboard.
  document.querySelectorAll('main pre, main table').forEach(function (el) {
    if (el.scrollWidth > el.clientWidth) el.tabIndex = 0;
  });

  // Copy buttons (the Clipboard API needs a secure context: TLS or localhost).
  if (!navigator.clipboard || !window.isSecureContext) return;
  var status = document.createElement('div');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.appendChild(status);
  document.querySelectorAll('pre > code').forEach(function (code) {
    var pre = code.parentNode;
    var wrap = document.createElement('div');
    wrap.className = 'code-block';
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy code');
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = 'Copied';
        status.textContent = 'Code copied to clipboard';
      }, function () {
        button.textContent = 'Failed';
        status.textContent = 'Could not copy the code';
      }).then(function () {
        setTimeout(function () { button.textContent = 'Copy'; status.textContent = ''; }, 2000);
      });
    });
    wrap.appendChild(button);
  });
})();
