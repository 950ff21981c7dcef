package dev.procsim.report;

import dev.procsim.report.text.Lang;

import dev.procsim.kernel.ScheduleLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's interactive Gantt chart: self-contained HTML (a canvas and a few lines of script,
 * no network), one schedule per combination's first replication chosen from a list; every task a
 * row, every kept segment drawn; the wheel zooms, dragging pans, hovering names the task, CPU and
 * times. Built from the same segments as the static charts and the trace files.
 */
final class InteractiveGantt {
    private InteractiveGantt() {}

    /** The HTML section, or "" when no run has a schedule. {@code schedules}: label to segments, in combination order. */
    static String html(Map<String, List<ScheduleLog.Segment>> schedules, Lang lang) {
        StringBuilder data = new StringBuilder("[");
        boolean any = false;
        for (var e : schedules.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            Map<String, Integer> rows = new LinkedHashMap<>();
            for (ScheduleLog.Segment s : e.getValue()) rows.putIfAbsent(s.task() + " (" + s.pid() + ")", rows.size());
            if (any) data.append(',');
            any = true;
            data.append("{\"label\":").append(json(e.getKey())).append(",\"rows\":[");
            int i = 0;
            for (String r : rows.keySet()) data.append(i++ > 0 ? "," : "").append(json(r));
            data.append("],\"s\":[");
            i = 0;
            for (ScheduleLog.Segment s : e.getValue()) {
                if (i++ > 0) data.append(',');
                data.append(rows.get(s.task() + " (" + s.pid() + ")")).append(',').append(s.cpu()).append(',').append(s.start()).append(',')
                        .append(s.end());
            }
            data.append("]}");
        }
        data.append(']');
        if (!any) return "";
        return "<h2>" + Report.esc(lang.t("gantt_interactive")) + "</h2>\n<p>" + Report.esc(lang.t("gantt_help")) + "</p>\n"
                + "<select id=\"gsel\"></select>\n<div id=\"gwrap\" style=\"position:relative;overflow-y:auto;max-height:640px;border:1px solid #ccc;border-bottom:0\">"
                + "<canvas id=\"gcv\" tabindex=\"0\" style=\"display:block;cursor:grab;outline:none\"></canvas>"
                + "<div id=\"gtip\" style=\"position:absolute;display:none;background:#fff;border:1px solid #333;padding:2px 6px;font-size:12px;pointer-events:none;white-space:nowrap\"></div></div>\n"
                // the time axis under the rows, outside their scrolling area, and sticking to the window's bottom edge while the rows are in view
                + "<canvas id=\"gax\" style=\"display:block;position:sticky;bottom:0;border:1px solid #ccc;border-top:1px solid #999\"></canvas>\n"
                + "<script>\n(function(){\nvar G=" + data.toString().replace("</", "<\\/") + ";\n" + SCRIPT + "})();\n</script>\n";
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c == '<' || c == '>' || c == '&') b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /**
     * Draws rows of segments (one shade for every task, as in the static charts: a task is told by
     * its row); x0/x1 is the visible window in ns. The wheel zooms only once the chart has been
     * clicked (it has the focus) or with Ctrl held, so that scrolling the page over it scrolls the
     * page; the time axis is a canvas of its own under the scrolling rows.
     */
    private static final String SCRIPT = """
            var sel=document.getElementById('gsel'),cv=document.getElementById('gcv'),ax=document.getElementById('gax'),tip=document.getElementById('gtip');
            var ctx=cv.getContext('2d'),actx=ax.getContext('2d');
            var LW=220,RH=16,g,x0,x1,end,drag=null,focused=false;
            G.forEach(function(d,i){var o=document.createElement('option');o.value=i;o.textContent=d.label;sel.appendChild(o);});
            function pick(i){g=G[i];end=0;for(var k=3;k<g.s.length;k+=4)end=Math.max(end,g.s[k]);x0=0;x1=end||1;draw();}
            function W(){return cv.clientWidth||cv.parentNode.clientWidth||900;}
            function X(t){return LW+(t-x0)/(x1-x0)*(W()-LW-10);}
            function draw(){var w=cv.parentNode.clientWidth||900,h=g.rows.length*RH+4;cv.width=w;cv.height=h;
              ctx.fillStyle='#fff';ctx.fillRect(0,0,w,h);ctx.font='11px sans-serif';ctx.fillStyle='#111';
              for(var r=0;r<g.rows.length;r++){ctx.fillText(g.rows[r],4,r*RH+12);if(r%2){ctx.fillStyle='#f4f4f4';ctx.fillRect(LW,r*RH,w-LW,RH);ctx.fillStyle='#111';}}
              ctx.fillStyle='#505050';
              for(var k=0;k<g.s.length;k+=4){var a=X(g.s[k+2]),b=X(g.s[k+3]);if(b<LW||a>w)continue;a=Math.max(a,LW);
                ctx.fillRect(a,g.s[k]*RH+3,Math.max(1,b-a),RH-6);}
              ax.width=w;ax.height=22;actx.fillStyle='#fff';actx.fillRect(0,0,w,22);actx.font='11px sans-serif';actx.fillStyle='#111';
              for(var i=0;i<=5;i++){var t=x0+(x1-x0)*i/5,x=X(t);actx.fillRect(x,0,1,4);actx.fillText((t/1e6).toFixed(3)+' ms',x-(i==5?60:i==0?0:30),16);}}
            function at(e){var r=cv.getBoundingClientRect();return {x:e.clientX-r.left,y:e.clientY-r.top};}
            cv.addEventListener('focus',function(){focused=true;cv.style.boxShadow='inset 0 0 0 2px #888';});
            cv.addEventListener('blur',function(){focused=false;cv.style.boxShadow='none';});
            cv.addEventListener('wheel',function(e){if(!focused&&!e.ctrlKey)return;var p=at(e);if(p.x<LW)return;e.preventDefault();
              var t=x0+(p.x-LW)/(W()-LW-10)*(x1-x0);
              var f=e.deltaY<0?0.8:1.25;x0=Math.max(0,t-(t-x0)*f);x1=Math.min(end,t+(x1-t)*f);if(x1-x0<1000)x1=x0+1000;draw();},{passive:false});
            cv.addEventListener('mousedown',function(e){cv.focus({preventScroll:true});drag={x:at(e).x,a:x0,b:x1};cv.style.cursor='grabbing';});
            window.addEventListener('mouseup',function(){drag=null;cv.style.cursor='grab';});
            cv.addEventListener('mousemove',function(e){var p=at(e);
              if(drag){var dt=(drag.x-p.x)/(W()-LW-10)*(drag.b-drag.a);var a=drag.a+dt,b=drag.b+dt;if(a<0){b-=a;a=0;}if(b>end){a-=b-end;b=end;}x0=Math.max(0,a);x1=b;draw();return;}
              var r=Math.floor(p.y/RH),t=x0+(p.x-LW)/(W()-LW-10)*(x1-x0),hit=null;
              for(var k=0;k<g.s.length;k+=4){if(g.s[k]==r&&g.s[k+2]<=t&&t<=g.s[k+3]){hit=k;break;}}
              if(hit===null||p.x<LW){tip.style.display='none';return;}
              tip.textContent=g.rows[r]+' on CPU '+g.s[hit+1]+': '+(g.s[hit+2]/1e6).toFixed(3)+'-'+(g.s[hit+3]/1e6).toFixed(3)+' ms ('+((g.s[hit+3]-g.s[hit+2])/1e6).toFixed(3)+' ms)';
              tip.style.left=(p.x+12)+'px';tip.style.top=(p.y+cv.offsetTop+8)+'px';tip.style.display='block';});
            cv.addEventListener('mouseleave',function(){tip.style.display='none';});
            sel.addEventListener('change',function(){pick(+sel.value);});
            window.addEventListener('resize',draw);
            pick(0);
            """;
}
