/* The floor for QoScope's idle-memory goal: the smallest WebKitGTK app, a GTK window with one
 * web view showing a heading and a line of text, and nothing else (no Rust, no Tauri, no
 * JavaScript). scripts/deb-check.sh builds it with `cc` and measures it next to the installed
 * app, with the same WebKit settings QoScope sets for itself (src-tauri/src/webview.rs), so
 * docs/benchmarks.md can say how much of QoScope's idle memory any WebKitGTK window costs. */
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

int main(int argc, char **argv) {
  gtk_init(&argc, &argv);
  GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title(GTK_WINDOW(window), "WebKitGTK floor");
  gtk_window_set_default_size(GTK_WINDOW(window), 1280, 800);
  GtkWidget *view = webkit_web_view_new();
  gtk_container_add(GTK_CONTAINER(window), view);
  webkit_web_view_load_html(WEBKIT_WEB_VIEW(view),
                            "<!doctype html><title>floor</title><h1>WebKitGTK floor</h1>"
                            "<p>An empty window for scale.</p>",
                            NULL);
  g_signal_connect(window, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  gtk_widget_show_all(window);
  gtk_main();
  return 0;
}
