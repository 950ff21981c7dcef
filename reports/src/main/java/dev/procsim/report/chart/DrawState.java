package dev.procsim.report.chart;

import de.erichseifert.vectorgraphics2d.intermediate.commands.AffineTransformCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetColorCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetCompositeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetPaintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetTransformCommand;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.util.Deque;

/**
 * The drawing state VectorGraphics2D's commands change, as the SVG and PDF writers both follow it
 * while they read a chart's command list: transform, colour, stroke, opacity, saved and restored
 * around create/dispose. The clip is each writer's own text (an SVG path, PDF operators).
 */
final class DrawState implements Cloneable {
    AffineTransform transform = new AffineTransform();
    Color color = Color.BLACK;
    Stroke stroke = new BasicStroke();
    float alpha = 1f;
    /** The clip as the writer encodes it, or null for none. */
    String clip;

    @Override
    public DrawState clone() {
        try {
            DrawState s = (DrawState) super.clone();
            s.transform = new AffineTransform(transform);
            return s;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Follows {@code c} if it changes the state (create/dispose through {@code stack}); returns the
     * state now current, or null when {@code c} is not a state command (a shape, a clip) and is
     * the writer's to handle.
     */
    static DrawState follow(Command<?> c, DrawState s, Deque<DrawState> stack) {
        if (c instanceof CreateCommand) {
            stack.push(s.clone());
        } else if (c instanceof DisposeCommand) {
            if (!stack.isEmpty()) return stack.pop();
        } else if (c instanceof SetTransformCommand t) {
            s.transform = new AffineTransform(t.getValue());
        } else if (c instanceof AffineTransformCommand t) {
            s.transform.concatenate(t.getValue());
        } else if (c instanceof SetColorCommand col) {
            s.color = col.getValue();
        } else if (c instanceof SetPaintCommand p) {
            if (p.getValue() instanceof Color col) s.color = col;
        } else if (c instanceof SetStrokeCommand st) {
            s.stroke = st.getValue();
        } else if (c instanceof SetCompositeCommand comp) {
            s.alpha = comp.getValue() instanceof AlphaComposite a ? a.getAlpha() : 1f;
        } else {
            return null;
        }
        return s;
    }
}
