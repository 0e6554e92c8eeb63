import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// keepPlaceholder writes dist/.gitkeep back after every build: Vite empties
// dist/, and the Go package web embeds dist/ with go:embed, which needs the
// folder (and so a committed file in it) on a clone that never ran npm.
function keepPlaceholder(): Plugin {
  return {
    name: "cronica-keep-placeholder",
    closeBundle() {
      writeFileSync(
        fileURLToPath(new URL("./dist/.gitkeep", import.meta.url)),
        "The built app goes here (make build); this file keeps the folder for go:embed.\n",
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), keepPlaceholder()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    target: "es2020",
  },
  // `npm run dev` (and `vite preview`) against a running `cronica serve`
  // (CRONICA_API, default the address `make run` listens on); that server's
  // CRONICA_PUBLIC_URL must be this one's address, or it refuses the websocket.
  server: {
    proxy: {
      "/api": { target: process.env.CRONICA_API ?? "http://127.0.0.1:8080", ws: true },
    },
  },
});
