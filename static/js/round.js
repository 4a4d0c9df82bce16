/* Run a round on a phone: one phase at a time, a timer for the phase, a gentle signal when its
   time is up, the next phase on a tap; at the end the form records the phases that ran.
   Without this script the page is a printable list of the phases and a form to record them. */
(function () {
  "use strict";

  function start() {
    var round = document.getElementById("round");
    var form = document.getElementById("round-form");
    var runner = document.getElementById("runner");
    if (!round || !form || !runner) { return; }
    var phases = Array.prototype.slice.call(document.querySelectorAll("#phases .phase"));
    if (!phases.length) { return; }
    var timer = document.getElementById("timer");
    var status = document.getElementById("time-status");
    var begin = document.getElementById("begin");
    var next = document.getElementById("next");
    var pause = document.getElementById("pause");
    var end = document.getElementById("end");

    var current = -1;        // the phase running; -1 before the round begins
    var startedAt = 0;       // when the running phase's clock (re)started
    var spent = 0;           // ms spent in the phase before a pause
    var paused = false;
    var signalled = false;
    var ticking = null;
    var audio = null;
    var wakeLock = null;

    round.classList.add("js-round");
    runner.hidden = false;
    end.hidden = true;  // until the round begins
    showPhase(-1);

    function minutesOf(i) { return Number(phases[i].getAttribute("data-minutes")) || 0; }

    function format(ms) {
      var total = Math.round(Math.abs(ms) / 1000);
      var m = Math.floor(total / 60), s = total % 60;
      return m + ":" + (s < 10 ? "0" : "") + s;
    }

    function elapsed() { return spent + (paused ? 0 : Date.now() - startedAt); }

    function showPhase(i) {
      phases.forEach(function (li, n) {
        li.classList.toggle("current", n === i);
        li.classList.toggle("done", n < i);
        li.classList.remove("time-up");
      });
      if (i < 0) {
        timer.textContent = format(minutesOf(0) * 60000);
        phases[0].classList.add("current", "upcoming");
        return;
      }
      phases[0].classList.remove("upcoming");
      next.textContent = i === phases.length - 1 ? "End the round" : "Next phase";
    }

    function update() {
      if (current < 0) { return; }
      var left = minutesOf(current) * 60000 - elapsed();
      if (left > 0) {
        timer.textContent = format(left);
        return;
      }
      timer.textContent = "+" + format(left);
      if (!signalled) {
        signalled = true;
        phases[current].classList.add("time-up");
        runner.classList.add("time-up");
        status.textContent = "Time is up for this phase. Move on when the group is ready.";
        chime();
      }
    }

    function runPhase(i) {
      current = i;
      spent = 0;
      paused = false;
      signalled = false;
      startedAt = Date.now();
      runner.classList.remove("time-up");
      status.textContent = "";
      pause.textContent = "Pause";
      showPhase(i);
      update();
      if (i === 0 && round.scrollIntoView) { round.scrollIntoView({ block: "start" }); }
    }

    /* A soft two-note chime, quiet and short, and a brief vibration where phones allow it. */
    function chime() {
      try {
        if (audio) {
          [523.25, 659.25].forEach(function (freq, n) {
            var osc = audio.createOscillator(), gain = audio.createGain();
            var at = audio.currentTime + n * 0.45;
            osc.type = "sine";
            osc.frequency.value = freq;
            gain.gain.setValueAtTime(0.0001, at);
            gain.gain.exponentialRampToValueAtTime(0.08, at + 0.05);
            gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.2);
            osc.connect(gain).connect(audio.destination);
            osc.start(at);
            osc.stop(at + 1.3);
          });
        }
        if (navigator.vibrate) { navigator.vibrate(180); }
      } catch (e) { /* a signal that cannot sound still shows */ }
    }

    function keepAwake() {
      try {
        if (navigator.wakeLock && navigator.wakeLock.request) {
          navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }, function () {});
        }
      } catch (e) { /* the screen may dim; the timer keeps time all the same */ }
    }

    function finish() {
      phases.forEach(function (li, n) {
        var box = li.querySelector("input[name=phases]");
        if (box) { box.checked = current >= 0 && n <= current; }
      });
      if (wakeLock) { wakeLock.release(); }
      if (current < 0) { return false; }
      form.submit();
      return true;
    }

    begin.addEventListener("click", function () {
      try {
        var Context = window.AudioContext || window.webkitAudioContext;
        if (Context) { audio = new Context(); }  // made on a tap, so phones let it sound
      } catch (e) { audio = null; }
      keepAwake();
      begin.hidden = true;
      next.hidden = false;
      pause.hidden = false;
      end.hidden = false;
      end.textContent = "End the round now and record it";
      ticking = window.setInterval(update, 250);
      runPhase(0);
    });

    next.addEventListener("click", function () {
      if (current >= phases.length - 1) { finish(); return; }
      runPhase(current + 1);
    });

    pause.addEventListener("click", function () {
      if (current < 0) { return; }
      if (paused) {
        paused = false;
        startedAt = Date.now();
        pause.textContent = "Pause";
        status.textContent = "";
      } else {
        spent = elapsed();
        paused = true;
        pause.textContent = "Resume";
        status.textContent = "Paused.";
      }
      update();
    });

    form.addEventListener("submit", function (event) {
      // The round ends early: record the phases reached so far.
      if (current >= 0) {
        event.preventDefault();
        if (ticking) { window.clearInterval(ticking); }
        finish();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
