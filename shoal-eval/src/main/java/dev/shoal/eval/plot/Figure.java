package dev.shoal.eval.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Several XChart panels side by side under one title, saved as one PNG. Works headless: unless the JVM was told
 * otherwise, {@code java.awt.headless} is set before the first AWT call, which fails on a host without a display.
 *
 * <pre>{@code
 * Figure f = new Figure("MLP, 1 Gbit/s links", 1500, 480);
 * XYChart a = f.xy("throughput", "workers", "samples/s");
 * a.addSeries("2 servers", xs, ys);
 * f.write(out.resolve("scalability-1gbit.png"));
 * }</pre>
 */
public final class Figure {
    /** Pixels above the panels, for the title. */
    public static final int TITLE_HEIGHT = 40;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final String title;
    private final int width;
    private final int height;
    private final List<Chart<?, ?>> panels = new ArrayList<>();

    public Figure(String title, int width, int height) {
        this.title = title;
        this.width = width;
        this.height = height;
    }

    /** Adds an XY panel with white background and the legend inside, top right. */
    public XYChart xy(String panelTitle, String xTitle, String yTitle) {
        XYChart c = new XYChart(100, 100);
        c.setTitle(panelTitle);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        c.getStyler().setLegendPosition(LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setAntiAlias(true);
        panels.add(c);
        return c;
    }

    /** Adds a panel made elsewhere. */
    public <C extends Chart<?, ?>> C add(C chart) {
        panels.add(chart);
        return chart;
    }

    /** Writes {@link #render()} as a PNG; creates the parent directories. */
    public void write(Path png) throws IOException {
        BufferedImage image = render();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available to write " + png);
        }
    }

    /** The title strip over the panels, side by side in equal widths. */
    public BufferedImage render() {
        if (panels.isEmpty()) {
            throw new IllegalStateException("figure '" + title + "' has no panel");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            FontMetrics m = g.getFontMetrics();
            g.drawString(title, Math.max(4, (width - m.stringWidth(title)) / 2),
                    (TITLE_HEIGHT + m.getAscent() - m.getDescent()) / 2);
            int w = width / panels.size();
            for (int i = 0; i < panels.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create(i * w, TITLE_HEIGHT, w, height - TITLE_HEIGHT);
                try {
                    panel.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    panels.get(i).paint(panel, w, height - TITLE_HEIGHT);
                } finally {
                    panel.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
