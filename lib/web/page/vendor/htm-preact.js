// @ts-self-types="npm:htm@3.1.1/preact"
import{h as r,Component as o,render as t}from"preact";export{h,render,Component}from"preact";import e from"htm";var m=e.bind(r);export{m as html};
