// esbuild's text loader turns an imported .html file into its text (the demo page).
declare module '*.html' {
  const text: string;
  export default text;
}
